package io.countd.server;

import io.countd.server.concurrent.Uninterruptibly;
import io.countd.server.log.LogSource;
import io.countd.server.store.KeyspaceStore;
import io.countd.server.worker.Worker;
import io.countd.server.worker.WorkerStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code countd-worker} wired: worker threads between a log source and a keyspace store. */
public final class WorkerDaemon implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorkerDaemon.class.getName());
    private final List<Worker> workers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final WorkerStats stats = new WorkerStats();

    private WorkerDaemon() {
    }

    /**
     * Starts {@code count} worker threads, each applying up to {@code applyThreads} keyspaces of a
     * batch at once; the source and the store stay the caller's.
     */
    public static WorkerDaemon start(LogSource source, KeyspaceStore store, Path quarantine, int count,
            int applyThreads) {
        WorkerDaemon d = new WorkerDaemon();
        for (int i = 0; i < count; i++) {
            Worker w = new Worker(source, store, quarantine, d.stats, applyThreads);
            Thread t = new Thread(w, "countd-worker-" + i);
            d.workers.add(w);
            d.threads.add(t);
            t.start();
        }
        return d;
    }

    public WorkerStats stats() {
        return stats;
    }

    /** Whether every worker thread still runs (false once stopping, or if one died). */
    public boolean isRunning() {
        return threads.stream().allMatch(Thread::isAlive) && workers.stream().noneMatch(Worker::isStopping);
    }

    /** Stops after each thread's current keyspace; logs not wholly applied stay sealed. */
    @Override
    public void close() {
        workers.forEach(Worker::stop);
        threads.forEach(Uninterruptibly::join);
        double seconds = stats.applyNanos() / 1e9;
        LOG.log(System.Logger.Level.INFO, String.format("workers stopped: %d logs, %d increments, %d key updates "
                + "applied in %.3f s of batches (%.0f increments/s per worker), %d quarantined", stats.logs(),
                stats.records(), stats.keys(), seconds, seconds == 0 ? 0 : stats.records() / seconds,
                stats.quarantinedCount()));
    }
}
