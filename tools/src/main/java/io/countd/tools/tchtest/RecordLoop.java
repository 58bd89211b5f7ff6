package io.countd.tools.tchtest;

/**
 * The loop of every test: one step per record number 1..rnum in order, or, with {@code -rnd}, per
 * number drawn at random in 1..rnum; progress after each step; the first failing step ends it.
 */
final class RecordLoop {
    /** One step on the key of a record (its number as {@code %08d}). */
    @FunctionalInterface
    interface Step {
        /** Runs the step; true if it failed and the loop must stop. */
        boolean failed(byte[] key);
    }

    private final GlibcRandom random;
    private final Report report;
    private final KeyFormatter keys = new KeyFormatter();

    RecordLoop(GlibcRandom random, Report report) {
        this.random = random;
        this.report = report;
    }

    /** Runs {@code step} over {@code rnum} records; true if a step failed. */
    boolean run(int rnum, boolean rnd, Step step) {
        // The marks are found by counting, and the report is called only at them: a modulo test
        // inside it, inlined into this loop, had the JIT drop the rare count line's branch and
        // then throw the compiled loop away when the first count came (twice per run).
        int every = rnum > 250 ? rnum / 250 : 0;
        int mark = every > 0 ? every : -1;
        for (int i = 1; i <= rnum; i++) {
            if (step.failed(keys.format(rnd ? random.below(rnum) + 1 : i))) {
                return true;
            }
            if (i == mark) {
                report.progress(i, rnum);
                mark += every;
            }
        }
        return false;
    }
}
