package io.countd.server.cli;

import picocli.CommandLine.Option;

/** How many workers take logs, and how many keyspaces of a batch each applies at once. */
final class WorkerOptions {
    @Option(names = "--threads", paramLabel = "N", defaultValue = "${env:COUNTD_WORKER_THREADS:-1}",
            description = "Worker threads (env COUNTD_WORKER_THREADS; default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--apply-threads", paramLabel = "N", defaultValue = "${env:COUNTD_APPLY_THREADS:-0}",
            description = "Keyspaces of a batch each worker applies at once; 0: one per processor"
                    + " (env COUNTD_APPLY_THREADS; default ${DEFAULT-VALUE}).")
    int applyThreads;

    /** Checks both flags (a message naming the flag); returns the apply threads, 0 resolved. */
    int check() {
        CountdWorker.positive("--threads", threads);
        return applyThreads == 0 ? Runtime.getRuntime().availableProcessors()
                : CountdWorker.positive("--apply-threads", applyThreads);
    }
}
