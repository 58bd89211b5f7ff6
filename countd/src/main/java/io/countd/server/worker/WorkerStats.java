package io.countd.server.worker;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the workers of a process, updated by worker threads and read by anyone. */
public final class WorkerStats {
    private final LongAdder logs = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder applyNanos = new LongAdder();
    private final LongAdder keys = new LongAdder();
    private final LongAdder quarantined = new LongAdder();

    void logApplied(long recordCount, long nanos, long position) {
        logs.increment();
        records.add(recordCount);
        applyNanos.add(nanos);
    }

    void keyspaceApplied(int keyCount) {
        keys.add(keyCount);
    }

    void quarantined() {
        quarantined.increment();
    }

    /** Logs applied. */
    public long logs() {
        return logs.sum();
    }

    /** Increments (log records) applied. */
    public long records() {
        return records.sum();
    }

    /** Distinct (keyspace, key) sums applied. */
    public long keys() {
        return keys.sum();
    }

    /** Time spent reading and applying logs, in nanoseconds, summed over worker threads. */
    public long applyNanos() {
        return applyNanos.sum();
    }

    /** Keyspace portions of logs set aside in the quarantine. */
    public long quarantinedCount() {
        return quarantined.sum();
    }
}
