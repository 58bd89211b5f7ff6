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
        for (int i = 1; i <= rnum; i++) {
            if (step.failed(keys.format(rnd ? random.below(rnum) + 1 : i))) {
                return true;
            }
            report.progress(i, rnum);
        }
        return false;
    }
}
