package io.countd.server.cli;

import io.countd.server.log.PoolConfig;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The commit-log pool's sizes and rotation. */
final class PoolOptions {
    @Option(names = "--log-size", paramLabel = "SIZE", converter = Units.Size.class,
            defaultValue = "${env:COUNTD_LOG_SIZE:-16m}",
            description = "Size of each commit log (env COUNTD_LOG_SIZE; default ${DEFAULT-VALUE}).")
    long logSize;

    @Option(names = "--min-logs", paramLabel = "N", defaultValue = "${env:COUNTD_MIN_LOGS:-4}",
            description = "Commit logs created at start (env COUNTD_MIN_LOGS; default ${DEFAULT-VALUE}).")
    int minLogs;

    @Option(names = "--max-logs", paramLabel = "N", defaultValue = "${env:COUNTD_MAX_LOGS:-64}",
            description = "Bound on the pool's growth; at the bound writers wait for workers "
                    + "(env COUNTD_MAX_LOGS; default ${DEFAULT-VALUE}).")
    int maxLogs;

    @Option(names = "--idle-seal", paramLabel = "TIME", converter = Units.Time.class,
            defaultValue = "${env:COUNTD_IDLE_SEAL:-1s}",
            description = "Seal a log after this long without writes (env COUNTD_IDLE_SEAL; default ${DEFAULT-VALUE}).")
    Duration idleSeal;

    @Option(names = "--max-age", paramLabel = "TIME", converter = Units.Time.class,
            defaultValue = "${env:COUNTD_MAX_AGE:-1s}",
            description = "Seal a log this long after its first write (env COUNTD_MAX_AGE; default ${DEFAULT-VALUE}).")
    Duration maxAge;

    @Option(names = "--eager-seal", paramLabel = "TIME", converter = Units.Time.class,
            defaultValue = "${env:COUNTD_EAGER_SEAL:-200ms}",
            description = "Seal a log this long after its first write when a worker of this process waits for one "
                    + "and the log, at its pace, would not fill before --max-age (env COUNTD_EAGER_SEAL; "
                    + "default ${DEFAULT-VALUE}).")
    Duration eagerSeal;

    /** The pool's configuration; an {@link IllegalArgumentException} names the flag at fault. */
    PoolConfig config() {
        if (logSize < PoolConfig.MIN_LOG_BYTES || logSize > PoolConfig.MAX_LOG_BYTES) {
            throw new IllegalArgumentException("--log-size must be from " + PoolConfig.MIN_LOG_BYTES / 1024 + "k to "
                    + PoolConfig.MAX_LOG_BYTES / (1024 * 1024) + "m, not " + logSize + " bytes");
        }
        if (minLogs < 1 || minLogs > maxLogs || maxLogs > PoolConfig.MAX_LOGS) {
            throw new IllegalArgumentException("need 1 <= --min-logs <= --max-logs <= " + PoolConfig.MAX_LOGS
                    + ", not " + minLogs + " and " + maxLogs);
        }
        for (var t : java.util.Map.of("--idle-seal", idleSeal, "--max-age", maxAge, "--eager-seal", eagerSeal).entrySet()) {
            if (t.getValue().isZero() || t.getValue().isNegative()) {
                throw new IllegalArgumentException(t.getKey() + " must be positive");
            }
        }
        PoolConfig d = PoolConfig.DEFAULT;
        return new PoolConfig(logSize, minLogs, maxLogs, d.spareLogs(), idleSeal, maxAge, eagerSeal, d.pollInterval());
    }
}
