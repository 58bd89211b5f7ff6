package io.countd.server.worker;

import io.countd.server.log.LogReader;
import io.countd.server.log.LogSource;
import io.countd.server.log.PendingLog;
import io.countd.server.log.ReadSummary;
import io.countd.server.store.KeyspaceException;
import io.countd.server.store.KeyspaceStore;
import io.countd.server.store.LogMarks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One worker thread: takes a sealed log and, when it is behind, the other sealed logs waiting (a
 * batch of up to {@value #MAX_BATCH}), sums their increments per (keyspace, key), applies each
 * keyspace's sums through the {@link KeyspaceStore} (atomically, durably and exactly once per
 * keyspace: the store records every log's stream and position in the same transaction), then marks
 * the logs applied so writers can reuse them.
 *
 * <p><b>Poison:</b> a keyspace whose apply keeps failing is retried {@value #ATTEMPTS} times, then
 * its records of that log are written to the quarantine with a log line, and the worker moves on.
 * A damaged log has its readable records applied and the damage noted in the quarantine.
 *
 * <p><b>Parallel applies:</b> the keyspaces of one batch are independent (one file, one
 * transaction and one set of marks each), so up to {@code applyThreads} of them are applied at
 * once, by the worker thread and helper threads the worker owns; the batch ends when all have.
 * Several workers, by contrast, take different logs and meet on the same keyspaces, where their
 * applies wait for each other.
 *
 * <p><b>Stopping:</b> {@link #stop()} lets the keyspace applies under way finish and starts no
 * other; logs not wholly applied are released unapplied, and the next worker skips the keyspaces
 * already done (and, if it batches them differently, applies to such a keyspace only the logs it
 * lacks).
 */
public final class Worker implements Runnable {
    private static final System.Logger LOG = System.getLogger(Worker.class.getName());
    static final int ATTEMPTS = 3;

    private final LogSource source;
    private final KeyspaceStore store;
    private final Quarantine quarantine;
    private final WorkerStats stats;
    /**
     * At most this many logs in one apply. Larger batches save less and less (keys repeat) while
     * they keep more logs from being recycled and hold more sums in memory.
     */
    static final int MAX_BATCH = 8;

    private final KeyspaceSums sums = new KeyspaceSums();
    private final List<PendingLog> batch = new ArrayList<>(MAX_BATCH);
    private final LogMarks marks = new LogMarks();
    /** The worker thread's own: helpers that read a log again (applyRest) read through their own. */
    private final LogReader reader = new LogReader();
    /** Helpers for the keyspaces of a batch beyond the one this thread applies; null for one thread. */
    private final ExecutorService helpers;
    private final int helperCount;
    private volatile boolean stopping;

    /** A worker that applies one keyspace at a time. */
    public Worker(LogSource source, KeyspaceStore store, java.nio.file.Path quarantineDir, WorkerStats stats) {
        this(source, store, quarantineDir, stats, 1);
    }

    /**
     * A worker that applies up to {@code applyThreads} keyspaces of a batch at once; its helper
     * threads end when {@link #run()} returns.
     */
    public Worker(LogSource source, KeyspaceStore store, java.nio.file.Path quarantineDir, WorkerStats stats,
            int applyThreads) {
        if (applyThreads < 1) {
            throw new IllegalArgumentException("apply threads: " + applyThreads);
        }
        this.source = source;
        this.store = store;
        this.quarantine = new Quarantine(quarantineDir);
        this.stats = stats;
        this.helperCount = applyThreads - 1;
        this.helpers = applyThreads == 1 ? null : Executors.newFixedThreadPool(helperCount, r -> {
            Thread t = new Thread(r, Thread.currentThread().getName() + "-apply");
            t.setDaemon(true);
            return t;
        });
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
        try {
            takeAndApply();
        } finally {
            if (helpers != null) {
                helpers.shutdownNow();
            }
        }
    }

    private void takeAndApply() {
        while (!stopping) {
            try {
                PendingLog first = source.take(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                try {
                    gatherMore();
                    apply();
                } finally {
                    release();
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

    /**
     * Adds the sealed logs that are waiting already, up to {@value #MAX_BATCH}: a worker that is
     * behind then changes each key once for many logs. Never waits for a log to be sealed, so a
     * worker that keeps up applies each log on its own, as soon as it can.
     */
    private void gatherMore() throws IOException, InterruptedException {
        while (batch.size() < MAX_BATCH && !stopping) {
            PendingLog more = source.take(0, TimeUnit.MILLISECONDS);
            if (more == null) {
                return;
            }
            if (sameStreamInBatch(more)) {
                // Positions of one stream must be applied in order, one apply each.
                more.close();
                return;
            }
            batch.add(more);
        }
    }

    private boolean sameStreamInBatch(PendingLog log) {
        for (PendingLog p : batch) {
            if (p.stream() == log.stream()) {
                return true;
            }
        }
        return false;
    }

    private void release() throws IOException {
        IOException first = null;
        for (PendingLog log : batch) {
            try {
                log.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        batch.clear();
        if (first != null) {
            throw first;
        }
    }

    private void apply() throws IOException, InterruptedException {
        long started = System.nanoTime();
        sums.clear();
        marks.clear();
        ReadSummary[] reads = new ReadSummary[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            PendingLog log = batch.get(i);
            reads[i] = log.read(sums, reader);
            marks.add(log.stream(), log.position());
        }
        if (!applyAll(sums.keyspacesSmallestFirst())) {
            return;
        }
        long nanos = (System.nanoTime() - started) / batch.size();
        for (int i = 0; i < batch.size(); i++) {
            PendingLog log = batch.get(i);
            ReadSummary read = reads[i];
            if (!read.intact()) {
                stats.damagedLog();
                quarantine.noteDamage(log, read.damage());
                LOG.log(System.Logger.Level.ERROR, "worker: log " + log.stream() + " generation " + log.position()
                        + " is damaged (" + read.damage() + "); applied the " + read.records() + " readable records");
            }
            log.markApplied();
            stats.logApplied(read.records(), nanos, log.position(), log.createdMicros());
        }
    }

    /**
     * Applies every keyspace of the batch, up to the helpers' count at once, this thread taking
     * its share; returns false if a stop left some unapplied.
     */
    private boolean applyAll(List<KeyspaceSums.Keyspace> keyspaces) throws IOException, InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Callable<Boolean> share = () -> {
            for (int i; (i = next.getAndIncrement()) < keyspaces.size(); ) {
                if (stopping) {
                    return false;
                }
                applyOne(keyspaces.get(i));
            }
            return true;
        };
        List<Future<Boolean>> others = new ArrayList<>();
        // With no helper (one apply thread, or one keyspace) this thread takes every keyspace.
        for (int i = 1; i < keyspaces.size() && others.size() < helperCount; i++) {
            others.add(helpers.submit(share));
        }
        boolean all;
        try {
            all = share.call();
        } catch (IOException | InterruptedException | RuntimeException e) {
            next.set(keyspaces.size());
            waitFor(others);
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return waitFor(others) && all;
    }

    /** Waits for the helpers' shares; rethrows the first failure; false if one stopped early. */
    private static boolean waitFor(List<Future<Boolean>> shares) throws IOException, InterruptedException {
        boolean all = true;
        Throwable first = null;
        for (Future<Boolean> f : shares) {
            try {
                all &= f.get();
            } catch (ExecutionException e) {
                first = first != null ? first : e.getCause();
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof InterruptedException ie) {
            throw ie;
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first != null) {
            throw new IllegalStateException(first);
        }
        return all;
    }

    private void applyOne(KeyspaceSums.Keyspace k) throws IOException, InterruptedException {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                int recorded = store.apply(k.name(), marks, k.deltas());
                if (recorded == 0) {
                    stats.keyspaceApplied(k.deltas().size());
                } else if (recorded != marks.all()) {
                    applyRest(k.name(), recorded);
                }
                return;
            } catch (RuntimeException e) {
                // Any failure, even an unexpected one, is contained here: one bad keyspace must not
                // stop the others or make the worker retry the log for ever.
                last = e;
                stats.applyFailed();
                LOG.log(System.Logger.Level.WARNING, "worker: applying " + describeBatch() + " to keyspace "
                        + printable(k.name()) + " failed (attempt " + attempt + " of " + ATTEMPTS + "): "
                        + e.getMessage());
                if (attempt < ATTEMPTS) {
                    Thread.sleep(attempt * 200L);
                }
            }
        }
        for (PendingLog log : batch) {
            var file = quarantine.keep(log, k.name(), String.valueOf(last.getMessage()));
            stats.quarantined();
            String line = "worker: quarantined the records of keyspace " + printable(k.name()) + " from log "
                    + log.stream() + " generation " + log.position() + " in " + file + ": " + last.getMessage();
            if (last instanceof KeyspaceException) {
                LOG.log(System.Logger.Level.ERROR, line);
            } else {
                // Not a damaged file but a fault of ours: the stack trace is what a fix needs.
                LOG.log(System.Logger.Level.ERROR, line, last);
            }
        }
    }

    /**
     * The keyspace had recorded part of the batch: a worker that died had applied a batch that
     * shared some of these logs. Sums the other logs again, for this keyspace alone, and applies
     * them. Rare (only after a crash), so it may read the logs again.
     */
    private void applyRest(byte[] keyspace, int recorded) throws IOException {
        while (true) {
            LogMarks rest = new LogMarks();
            OneKeyspaceSums again = new OneKeyspaceSums(keyspace);
            for (int i = 0; i < batch.size(); i++) {
                if ((recorded & (1 << i)) == 0) {
                    PendingLog log = batch.get(i);
                    log.read(again);
                    rest.add(log.stream(), log.position());
                }
            }
            int more = store.apply(keyspace, rest, again.deltas());
            if (more == 0) {
                stats.keyspaceApplied(again.deltas().size());
                return;
            }
            if (more == rest.all()) {
                return;
            }
            // Another worker recorded some of them meanwhile (it presented the same logs).
            for (int j = 0, i = 0; i < batch.size(); i++) {
                if ((recorded & (1 << i)) == 0) {
                    if ((more & (1 << j++)) != 0) {
                        recorded |= 1 << i;
                    }
                }
            }
        }
    }

    private String describeBatch() {
        return batch.size() == 1 ? "log " + marks : "logs " + marks;
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
