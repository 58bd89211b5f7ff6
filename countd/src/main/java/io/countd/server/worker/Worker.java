package io.countd.server.worker;

import io.countd.server.log.LogSource;
import io.countd.server.log.PendingLog;
import io.countd.server.log.ReadSummary;
import io.countd.server.store.KeyspaceException;
import io.countd.server.store.KeyspaceStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One worker thread: takes a sealed log, sums its increments per (keyspace, key), applies each
 * keyspace's sums through the {@link KeyspaceStore} (atomically, durably and exactly once per
 * keyspace: the store records the log's stream and position in the same transaction), then marks
 * the log applied so writers can reuse it.
 *
 * <p><b>Poison:</b> a keyspace whose apply keeps failing is retried {@value #ATTEMPTS} times, then
 * its records of that log are written to the quarantine with a log line, and the worker moves on.
 * A damaged log has its readable records applied and the damage noted in the quarantine.
 *
 * <p><b>Stopping:</b> {@link #stop()} lets the current keyspace's apply finish; a log not wholly
 * applied is released unapplied, and the next worker skips the keyspaces already done.
 */
public final class Worker implements Runnable {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    static final int ATTEMPTS = 3;

    private final LogSource source;
    private final KeyspaceStore store;
    private final Quarantine quarantine;
    private final WorkerStats stats;
    private final KeyspaceSums sums = new KeyspaceSums();
    private volatile boolean stopping;

    public Worker(LogSource source, KeyspaceStore store, java.nio.file.Path quarantineDir, WorkerStats stats) {
        this.source = source;
        this.store = store;
        this.quarantine = new Quarantine(quarantineDir);
        this.stats = stats;
    }

    /** Asks the worker to stop after the keyspace it is applying; {@link #run()} then returns. */
    public void stop() {
        stopping = true;
    }

    /** Whether {@link #stop()} was called. */
    public boolean isStopping() {
        return stopping;
    }

    @Override
    public void run() {
        while (!stopping) {
            try {
                PendingLog log = source.take(100, TimeUnit.MILLISECONDS);
                if (log == null) {
                    continue;
                }
                try {
                    apply(log);
                } finally {
                    log.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                stats.logFailed();
                LOG.log(System.Logger.Level.ERROR, "worker: cannot take or release a commit log: " + e.getMessage(), e);
                pause(1000);
            }
        }
    }

    private void apply(PendingLog log) throws IOException, InterruptedException {
        long started = System.nanoTime();
        sums.clear();
        ReadSummary read = log.read(sums);
        for (KeyspaceSums.Keyspace k : sums.keyspaces()) {
            if (stopping) {
                return;
            }
            applyOne(log, k);
        }
        if (!read.intact()) {
            stats.damagedLog();
            quarantine.noteDamage(log, read.damage());
            LOG.log(System.Logger.Level.ERROR, "worker: log " + log.stream() + " generation " + log.position()
                    + " is damaged (" + read.damage() + "); applied the " + read.records() + " readable records");
        }
        log.markApplied();
        stats.logApplied(read.records(), System.nanoTime() - started, log.position(), log.createdMicros());
    }

    private void applyOne(PendingLog log, KeyspaceSums.Keyspace k) throws IOException, InterruptedException {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                if (store.apply(k.name(), log.stream(), log.position(), k.deltas())) {
                    stats.keyspaceApplied(k.deltas().size());
                }
                return;
            } catch (RuntimeException e) {
                // Any failure, even an unexpected one, is contained here: one bad keyspace must not
                // stop the others or make the worker retry the log for ever.
                last = e;
                stats.applyFailed();
                LOG.log(System.Logger.Level.WARNING, "worker: applying log " + log.stream() + " generation "
                        + log.position() + " to keyspace " + printable(k.name()) + " failed (attempt " + attempt
                        + " of " + ATTEMPTS + "): " + e.getMessage());
                if (attempt < ATTEMPTS) {
                    Thread.sleep(attempt * 200L);
                }
            }
        }
        var file = quarantine.keep(log, k.name(), String.valueOf(last.getMessage()));
        stats.quarantined();
        String line = "worker: quarantined the records of keyspace " + printable(k.name()) + " from log " + log.stream()
                + " generation " + log.position() + " in " + file + ": " + last.getMessage();
        if (last instanceof KeyspaceException) {
            LOG.log(System.Logger.Level.ERROR, line);
        } else {
            // Not a damaged file but a fault of ours: the stack trace is what a fix needs.
            LOG.log(System.Logger.Level.ERROR, line, last);
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** A name for log lines: its UTF-8 reading with control characters escaped. */
    static String printable(byte[] name) {
        StringBuilder b = new StringBuilder();
        for (char c : new String(name, StandardCharsets.UTF_8).toCharArray()) {
            if (c < 0x20 || c == 0x7F) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
