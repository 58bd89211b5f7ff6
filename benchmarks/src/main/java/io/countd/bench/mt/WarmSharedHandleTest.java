package io.countd.bench.mt;

import java.util.Arrays;

/**
 * {@code WarmSharedHandleTest RUNS write|read ...}: {@link SharedHandleTest} with the same
 * arguments {@code RUNS} times in this JVM, printing only the last run's report; exit status 1
 * with a message when a run fails.
 *
 * <p>As with {@code io.countd.bench.warm.WarmTchtest}, the last run shows the engine's threads
 * without the JIT's warm-up, which a process that runs once pays inside its {@code time:}: four
 * threads reading a million records finish in about as long as the optimizing compiler takes to
 * reach the read path.
 */
public final class WarmSharedHandleTest {
    private WarmSharedHandleTest() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || !args[0].matches("[1-9][0-9]{0,2}")) {
            System.err.print("usage: WarmSharedHandleTest RUNS SharedHandleTest-arguments... (RUNS: 1 to 999)\n");
            System.exit(1);
        }
        System.exit(SharedHandleTest.runs(Arrays.copyOfRange(args, 1, args.length), Integer.parseInt(args[0]),
                System.out, System.err));
    }
}
