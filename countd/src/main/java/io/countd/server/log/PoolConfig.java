package io.countd.server.log;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link CommitLogPool} sizes and rotates its logs.
 *
 * @param logBytes size of each log file, header included; {@link #MIN_LOG_BYTES} to
 *     {@link #MAX_LOG_BYTES}. Logs already on disk keep the size they were created with.
 * @param minLogs logs created at start-up and kept at least; at least 1
 * @param maxLogs bound on the pool's growth (no slot number reaches it); when every log is full or
 *     held, writers wait. {@code minLogs} to {@link #MAX_LOGS}
 * @param spareLogs empty logs kept ready ahead of the writer, created in the background while a
 *     sink is open; at least 0
 * @param idleSeal a log holding frames is sealed after this long without a write; positive
 * @param maxAge a log holding frames is sealed this long after its first frame; positive
 * @param eagerSeal a log holding frames is sealed this long after its first frame when a worker of
 *     the same process waits for a sealed log and the log, written at its pace so far, would not
 *     fill before {@code maxAge}: a worker that would otherwise sit idle until {@code maxAge} gets
 *     the increments sooner, while under a load that fills logs the worker waits for full ones
 *     (sealing them early cost 7% of the apply rate); positive
 * @param pollInterval how often workers look for logs sealed by other processes, and writers for
 *     logs recycled by other processes; positive
 */
public record PoolConfig(long logBytes, int minLogs, int maxLogs, int spareLogs, Duration idleSeal,
        Duration maxAge, Duration eagerSeal, Duration pollInterval) {

    /**
     * The smallest log: the 4 KiB header page, one frame of a full {@link RecordBatch} of
     * {@link RecordBatch#MAX_CAPACITY} bytes and the seal frame, rounded up to 1 MiB + 8 KiB.
     */
    public static final long MIN_LOG_BYTES = (1L << 20) + (8L << 10);
    /** The largest log: 1 GiB (a log is applied as one unit; larger ones only delay the workers). */
    public static final long MAX_LOG_BYTES = 1L << 30;
    /** The largest pool. */
    public static final int MAX_LOGS = 1_000_000;

    /**
     * 16 MiB logs, 4 to 64 of them with 2 spare, sealed after 1 s idle or 1 s old (200 ms old when
     * a worker waits), polled every 100 ms.
     */
    public static final PoolConfig DEFAULT = new PoolConfig(16L << 20, 4, 64, 2, Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofMillis(100));

    /**
     * Checks every component against the bounds given above.
     *
     * @throws IllegalArgumentException when a value is outside its bounds
     */
    public PoolConfig {
        if (logBytes < MIN_LOG_BYTES || logBytes > MAX_LOG_BYTES) {
            throw new IllegalArgumentException("logBytes " + logBytes + " is not within " + MIN_LOG_BYTES + ".."
                    + MAX_LOG_BYTES);
        }
        if (minLogs < 1 || maxLogs < minLogs || maxLogs > MAX_LOGS) {
            throw new IllegalArgumentException("need 1 <= minLogs <= maxLogs <= " + MAX_LOGS + "; got " + minLogs
                    + " and " + maxLogs);
        }
        if (spareLogs < 0) {
            throw new IllegalArgumentException("spareLogs " + spareLogs + " is negative");
        }
        positive(idleSeal, "idleSeal");
        positive(maxAge, "maxAge");
        positive(eagerSeal, "eagerSeal");
        positive(pollInterval, "pollInterval");
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " " + d + " is not positive");
        }
    }
}
