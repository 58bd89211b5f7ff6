package io.countd.server.worker;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the workers of a process, updated by worker threads and read by anyone. */
public final class WorkerStats {
    /** From a log sealed when idle and applied at once to a pool far behind. */
    private static final double[] LAG_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 60, 300, 1800};

    private final LongAdder logs = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder applyNanos = new LongAdder();
    private final LongAdder keys = new LongAdder();
    private final LongAdder quarantined = new LongAdder();
    private final LongAdder applyFailures = new LongAdder();
    private final LongAdder damagedLogs = new LongAdder();
    private final LongAdder logFailures = new LongAdder();
    private final Histogram lagSeconds = Histogram.builder().name("countd_apply_lag_seconds")
            .help("Per applied log, from its creation (the first write) to the end of its apply: an upper bound of the "
                    + "time from acknowledgement to readable of each of its messages")
            .classicOnly().classicUpperBounds(LAG_BUCKETS).withoutExemplars().build();

    /**
     * @param createdMicros the log's creation time ({@code PendingLog.createdMicros()}); 0 when
     *     unknown, then no lag is recorded
     */
    void logApplied(long recordCount, long nanos, long position, long createdMicros) {
        logs.increment();
        records.add(recordCount);
        applyNanos.add(nanos);
        if (createdMicros > 0) {
            long now = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            // The writer's clock may be another process's, and wall clocks step: never a negative lag.
            lagSeconds.observe(Math.max(0, now - createdMicros) / 1e6);
        }
    }

    void keyspaceApplied(int keyCount) {
        keys.add(keyCount);
    }

    void quarantined() {
        quarantined.increment();
    }

    void applyFailed() {
        applyFailures.increment();
    }

    void damagedLog() {
        damagedLogs.increment();
    }

    void logFailed() {
        logFailures.increment();
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

    /** Failed attempts to apply a keyspace's sums (each is retried, then quarantined). */
    public long applyFailures() {
        return applyFailures.sum();
    }

    /** Logs found damaged (their readable records were applied). */
    public long damagedLogs() {
        return damagedLogs.sum();
    }

    /** Failures to take or release a commit log. */
    public long logFailures() {
        return logFailures.sum();
    }

    /** The lag of every applied log, as the histogram {@code countd_apply_lag_seconds}. */
    public Collector lag() {
        return lagSeconds;
    }
}
