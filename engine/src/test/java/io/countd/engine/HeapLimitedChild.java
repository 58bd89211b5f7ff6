package io.countd.engine;

import java.nio.file.Path;

/**
 * One operation on a database, run in a JVM with a small heap by {@link DefectRegressionTest}: it
 * prints {@code ok}, {@code tc <code>} for a {@link TcException}, or the class of anything else
 * that was thrown, so the test can tell a clean failure from an escaped error.
 *
 * <p>usage: HeapLimitedChild put PATH KEY VALUE | HeapLimitedChild get PATH KEY
 */
public final class HeapLimitedChild {
    private HeapLimitedChild() {
    }

    public static void main(String[] args) {
        Path path = Path.of(args[1]);
        try {
            if (args[0].equals("put")) {
                try (HashDatabase db = HashDatabase.builder(path).create(false).open()) {
                    db.put(args[2], args[3]);
                }
            } else {
                try (HashDatabase db = HashDatabase.openReadOnly(path)) {
                    db.get(args[2].getBytes());
                }
            }
            System.out.println("ok");
        } catch (TcException e) {
            System.out.println("tc " + e.code());
        } catch (Throwable t) {
            System.out.println(t.getClass().getName());
        }
    }
}
