package io.countd.engine;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * A process that writes through the engine until it is killed, for the crash tests. It prints a
 * line after each operation has returned, so the test knows what must survive.
 *
 * <p>usage: CrashChild puts PATH MAPPED_SIZE | CrashChild transaction PATH
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path path = Path.of(args[1]);
        PrintStream out = System.out;
        if (args[0].equals("puts")) {
            HashDatabase db = HashDatabase.builder(path).truncate().mappedSize(Long.parseLong(args[2])).open();
            for (int i = 1; ; i++) {
                db.put(CrashTest.key(i), CrashTest.value(i));
                if (i % 10 == 0) {
                    db.remove(CrashTest.key(i - 5));
                }
                out.println(i);
                out.flush();
            }
        }
        HashDatabase db = HashDatabase.builder(path).truncate().open();
        for (int i = 0; i < 100; i++) {
            db.put("base-" + i, "original-" + i);
        }
        db.beginTransaction();
        for (int i = 0; i < 100; i++) {
            db.put("tran-" + i, "x".repeat(i * 10));
        }
        for (int i = 0; i < 50; i++) {
            db.remove("base-" + i);
        }
        for (int i = 50; i < 100; i++) {
            db.put("base-" + i, "changed-" + "y".repeat(i));
        }
        out.println("ready");
        out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
