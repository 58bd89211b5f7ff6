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

    PoolConfig config() {
        PoolConfig d = PoolConfig.DEFAULT;
        return new PoolConfig(logSize, minLogs, maxLogs, d.spareLogs(), idleSeal, maxAge, d.pollInterval());
    }
}
