package io.countd.bench.countd;

import java.util.Arrays;

/** Latency samples in nanoseconds, kept whole (a probe takes a few thousand), and their percentiles. */
final class Percentiles {
    private long[] samples = new long[1024];
    private int size;

    synchronized void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = nanos;
    }

    synchronized int count() {
        return size;
    }

    /** The {@code p}-th percentile (nearest rank) in seconds; NaN without samples. */
    synchronized double seconds(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e9;
    }
}
