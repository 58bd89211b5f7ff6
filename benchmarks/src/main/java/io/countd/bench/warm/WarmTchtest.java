package io.countd.bench.warm;

import io.countd.tools.tchtest.TchtestMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code WarmTchtest RUNS PROGRAM ARGS...}: runs this project's {@code tchtest} with the same
 * arguments {@code RUNS} times in this JVM and prints only the last run's report (a {@code write}
 * truncates its file each time, so every run does the same work). Exits with the status of the
 * first run that fails, after its report, or 0.
 *
 * <p>A {@code tchtest} process times from its first operation, as C's does, so its figure includes
 * the JIT's warm-up: the engine's code runs interpreted, then through the first compilers, while
 * the optimizing compiler works on the other core. The last run here shows the engine without
 * that cost, which is what a server that keeps its handles open sees.
 */
public final class WarmTchtest {
    private WarmTchtest() {
    }

    public static void main(String[] args) {
        if (args.length < 3 || !args[0].matches("[1-9][0-9]{0,2}")) {
            System.err.println("usage: WarmTchtest RUNS PROGRAM tchtest-arguments... (RUNS: 1 to 999)");
            System.exit(1);
        }
        int runs = Integer.parseInt(args[0]);
        String[] argv = Arrays.copyOfRange(args, 1, args.length);
        // An earlier run's report is kept until the next run starts, so that a failure shows it.
        ByteArrayOutputStream earlier = new ByteArrayOutputStream();
        PrintStream buffered = new PrintStream(earlier);
        for (int run = 1; run <= runs; run++) {
            earlier.reset();
            PrintStream out = run == runs ? System.out : buffered;
            int rc = TchtestMain.run(argv, out, System.err, System.getenv());
            if (rc != 0) {
                out.flush();
                System.out.write(earlier.toByteArray(), 0, earlier.size());
                System.out.flush();
                System.exit(rc);
            }
        }
        System.out.flush();
    }
}
