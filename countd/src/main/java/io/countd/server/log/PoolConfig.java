package io.countd.server.log;

import java.time.Duration;

/**
 * How a {@link CommitLogPool} sizes and rotates its logs.
 *
 * @param logBytes size of each log file, header included
 * @param minLogs logs created at start-up and kept at least
 * @param maxLogs bound on the pool's growth; when every log is full or held, writers wait
 * @param spareLogs empty logs kept ready ahead of the writer, created in the background
 * @param idleSeal a log holding frames is sealed after this long without a write
 * @param maxAge a log holding frames is sealed this long after its first frame
 * @param pollInterval how often workers look for logs sealed by other processes
 */
public record PoolConfig(long logBytes, int minLogs, int maxLogs, int spareLogs, Duration idleSeal,
        Duration maxAge, Duration pollInterval) {

    public static final PoolConfig DEFAULT = new PoolConfig(16L << 20, 4, 64, 2, Duration.ofSeconds(1),
            Duration.ofSeconds(1), Duration.ofMillis(100));
}
