package io.countd.server.read;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the read daemon, updated by the read threads and read by anyone. */
public final class ReadStats {
    private final LongAdder answered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    void answered(int rowCount, long elapsedNanos) {
        answered.increment();
        rows.add(rowCount);
        nanos.add(elapsedNanos);
    }

    void failed() {
        failed.increment();
    }

    /** Requests answered with rows (possibly none). */
    public long answered() {
        return answered.sum();
    }

    /** Requests answered with an error. */
    public long errors() {
        return failed.sum();
    }

    public long rows() {
        return rows.sum();
    }
}
