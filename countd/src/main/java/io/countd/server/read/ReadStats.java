package io.countd.server.read;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the read daemon, updated by the read threads and read by anyone. */
public final class ReadStats {
    /** From an idle top-100 (tens of microseconds) to a read stalled behind a busy machine. */
    private static final double[] LATENCY_BUCKETS =
            {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};

    private final LongAdder answered = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final Histogram seconds = Histogram.builder().name("countd_read_seconds")
            .help("Per ranked-read request answered with rows: from the event loop taking it off its connection to its "
                    + "answer encoded, the wait for a read thread included")
            .classicOnly().classicUpperBounds(LATENCY_BUCKETS).withoutExemplars().build();

    /** @param sinceArrival nanoseconds from the event loop taking the request off its connection to its answer encoded */
    void answered(int rowCount, long sinceArrival) {
        answered.increment();
        rows.add(rowCount);
        seconds.observe(sinceArrival / 1e9);
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

    /** The {@code countd_read_seconds} histogram, for the process's registry. */
    public Collector latency() {
        return seconds;
    }
}
