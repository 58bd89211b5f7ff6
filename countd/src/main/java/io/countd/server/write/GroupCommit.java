package io.countd.server.write;

import io.countd.server.concurrent.Uninterruptibly;
import io.countd.server.log.LogSink;
import io.countd.server.log.RecordBatch;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.Collector;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit between the connections and the commit log. Connections append records to the
 * open batch and get the batch's <em>ticket</em>; one committer thread takes every filled batch,
 * writes each as a frame through the {@link LogSink}, makes them durable as the
 * {@link FsyncPolicy} says, then publishes the highest ticket that may be acknowledged and tells
 * the {@link Listener}s. One {@code fdatasync} thus covers every message that arrived while the
 * previous one ran.
 *
 * <p><b>Threads:</b> {@link #lock()}, {@link #appendLocked} and {@link #unlock()} are called by
 * connection threads; everything else is the committer's. Tickets grow by one per batch, starting
 * at 1; {@link #durable()} starts at 0.
 *
 * <p><b>Back-pressure:</b> at most {@code maxBatches} batches exist. When all are full or being
 * written (the disk or the log pool is behind), {@link #appendLocked} refuses and the connection
 * waits for {@link #whenRoom}.
 *
 * <p><b>Failure:</b> when a batch cannot be written or forced, its messages are never
 * acknowledged: the listeners are told to fail those tickets (the connections that wait for them
 * are closed, so their clients know the outcome is unknown) before any later ticket is published.
 */
public final class GroupCommit implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupCommit.class.getName());
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long a stop waits for a full log pool to make room before giving up on it. */
    static final long STOP_GRACE_MILLIS = 2000;
    /** From a fast SSD's {@code fdatasync} to a disk in trouble. */
    private static final double[] FSYNC_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
        0.1, 0.25, 0.5, 1, 2.5, 10};

    /** Told, on the committer thread, when tickets become acknowledgeable or fail. */
    public interface Listener {
        /** Tickets up to {@code ticket} may be acknowledged. Must not block. */
        void durable(long ticket);

        /**
         * Tickets in {@code (after, through]} will never be acknowledged. Returns once the listener
         * has acted on it, since later tickets are published right after.
         */
        void failed(long after, long through);
    }

    private final LogSink sink;
    private final FsyncPolicy policy;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final ArrayDeque<Batch> filled = new ArrayDeque<>();
    private final ArrayDeque<Batch> spare = new ArrayDeque<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> roomWaiters = new ConcurrentLinkedQueue<>();
    private final Thread committer;
    private Batch open;
    private long nextTicket = 1;
    private boolean stopping;
    private volatile long durable;
    private volatile long appended;
    private volatile long committed;
    private volatile long failedMessages;
    private volatile long storeFailures;
    private volatile long sealFailures;
    private final Histogram fsyncSeconds = Histogram.builder().name("countd_fsync_seconds")
            .help("Time of each fdatasync of the commit log by the group commit").classicOnly()
            .classicUpperBounds(FSYNC_BUCKETS).withoutExemplars().build();
    private long lastForce = System.nanoTime();
    private boolean unforced;

    /** A batch and the ticket its messages get. */
    private static final class Batch {
        final RecordBatch records;
        long ticket;

        Batch(int bytes) {
            records = new RecordBatch(bytes);
        }
    }

    /**
     * @param batchBytes capacity of one batch, and so the largest frame
     * @param maxBatches batches in memory at once (at least 2: one filling while one is written)
     */
    public GroupCommit(LogSink sink, FsyncPolicy policy, int batchBytes, int maxBatches) {
        if (maxBatches < 2) {
            throw new IllegalArgumentException("maxBatches < 2");
        }
        this.sink = sink;
        this.policy = policy;
        for (int i = 0; i < maxBatches; i++) {
            spare.add(new Batch(batchBytes));
        }
        open = takeSpare();
        committer = new Thread(this::run, "countd-group-commit");
        committer.start();
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** The highest ticket whose messages may be acknowledged. */
    public long durable() {
        return durable;
    }

    /** Messages appended so far. */
    public long appended() {
        return appended;
    }

    /** Messages written (and, under {@code always}, forced) so far. */
    public long committed() {
        return committed;
    }

    /** Messages that could not be stored. */
    public long failedMessages() {
        return failedMessages;
    }

    /** Times that batches could not be written or forced (their messages were never acknowledged). */
    public long storeFailures() {
        return storeFailures;
    }

    /** Times that a full, idle or old log could not be sealed. */
    public long sealFailures() {
        return sealFailures;
    }

    /** The duration of every {@code fdatasync} of the log, as the histogram {@code countd_fsync_seconds}. */
    public Collector fsyncLatency() {
        return fsyncSeconds;
    }

    /** Whether the committer thread runs and takes appends (false once closing began or it died). */
    public boolean isRunning() {
        lock.lock();
        try {
            return !stopping && committer.isAlive();
        } finally {
            lock.unlock();
        }
    }

    /** Locks the open batch for a run of {@link #appendLocked} calls. */
    public void lock() {
        lock.lock();
    }

    public void unlock() {
        lock.unlock();
    }

    /**
     * Appends one record to the open batch; the caller holds {@link #lock()}.
     *
     * @return the ticket to wait for, or -1 when there is no room (call {@link #whenRoom}) or the
     *     commit is closing
     */
    public long appendLocked(long increment, byte[] keyspace, int keyspaceOffset, int keyspaceLength,
            byte[] key, int keyOffset, int keyLength) {
        if (stopping) {
            return -1;
        }
        if (open == null || !open.records.add(increment, keyspace, keyspaceOffset, keyspaceLength, key, keyOffset,
                keyLength)) {
            if (open != null) {
                filled.add(open);
                open = takeSpare();
                work.signal();
            }
            if (open == null || !open.records.add(increment, keyspace, keyspaceOffset, keyspaceLength, key,
                    keyOffset, keyLength)) {
                return -1;
            }
        }
        if (open.records.records() == 1) {
            work.signal();
        }
        appended++;
        return open.ticket;
    }

    /** Runs {@code resume} (on any thread) once a batch is free again, or the commit closes. */
    public void whenRoom(Runnable resume) {
        roomWaiters.add(resume);
        lock.lock();
        try {
            if (open != null || stopping) {
                wakeRoomWaiters();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether an append would not have to wait for the log pool (for health checks). */
    public boolean sinkHasRoom() {
        return sink.hasRoom();
    }

    /**
     * Writes and forces everything appended, publishes it, seals the current log and stops the
     * committer. Appends after this are refused.
     *
     * <p>When the log pool is full and stays full for {@link #STOP_GRACE_MILLIS} (no worker
     * applies), the committer stops waiting for room: what it had not stored was never
     * acknowledged, and those connections close without their replies. A stop never waits for a
     * worker that may never come.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            stopping = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        while (!Uninterruptibly.join(committer, STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
            if (!sink.hasRoom()) {
                LOG.log(System.Logger.Level.WARNING, "stopping with the commit-log pool full: the messages not yet "
                        + "stored are dropped unacknowledged");
                committer.interrupt();
                Uninterruptibly.join(committer);
            }
        }
        wakeRoomWaiters();
    }

    private Batch takeSpare() {
        Batch b = spare.poll();
        if (b != null) {
            b.ticket = nextTicket++;
        }
        return b;
    }

    private void run() {
        List<Batch> taken = new ArrayList<>();
        try {
            while (true) {
                boolean last;
                lock.lock();
                try {
                    long waitNanos = nanosUntilDeadline();
                    while (filled.isEmpty() && (open == null || open.records.isEmpty()) && !stopping && waitNanos > 0) {
                        waitNanos = work.awaitNanos(waitNanos);
                    }
                    taken.addAll(filled);
                    filled.clear();
                    if (open != null && !open.records.isEmpty()) {
                        taken.add(open);
                        open = takeSpare();
                    }
                    last = stopping;
                } finally {
                    lock.unlock();
                }
                commit(taken);
                recycle(taken);
                try {
                    sink.tick(System.nanoTime());
                } catch (IOException e) {
                    sealFailures++;
                    LOG.log(System.Logger.Level.ERROR, "cannot seal the commit log: " + e.getMessage(), e);
                }
                if (last) {
                    lock.lock();
                    try {
                        if (filled.isEmpty() && (open == null || open.records.isEmpty())) {
                            break;
                        }
                    } finally {
                        lock.unlock();
                    }
                }
            }
            force();
        } catch (InterruptedException e) {
            // close() gave up on a full pool. The interrupt status stays clear, or the seal below
            // would find the log's channel closed by it.
        } finally {
            try {
                sink.close();
            } catch (IOException e) {
                sealFailures++;
                LOG.log(System.Logger.Level.ERROR, "cannot seal the commit log at shutdown: " + e.getMessage(), e);
            }
        }
    }

    /** How long the committer may sleep: until the next tick, or the next interval fdatasync. */
    private long nanosUntilDeadline() {
        long wait = TICK_NANOS;
        if (policy.mode() == FsyncPolicy.Mode.INTERVAL && unforced) {
            wait = Math.min(wait, lastForce + policy.interval().toNanos() - System.nanoTime());
        }
        return wait;
    }

    private void commit(List<Batch> batches) throws InterruptedException {
        long interval = policy.interval().toNanos();
        if (batches.isEmpty()) {
            if (policy.mode() == FsyncPolicy.Mode.INTERVAL && unforced && System.nanoTime() - lastForce >= interval) {
                force();
            }
            return;
        }
        long through = batches.get(batches.size() - 1).ticket;
        long messages = 0;
        try {
            for (Batch b : batches) {
                sink.write(b.records);
                messages += b.records.records();
            }
            unforced = true;
            if (policy.mode() == FsyncPolicy.Mode.ALWAYS
                    || policy.mode() == FsyncPolicy.Mode.INTERVAL && System.nanoTime() - lastForce >= interval) {
                timedForce();
            }
        } catch (IOException e) {
            long count = 0;
            for (Batch b : batches) {
                count += b.records.records();
            }
            failedMessages += count;
            storeFailures++;
            LOG.log(System.Logger.Level.ERROR, "cannot store " + count + " messages; their connections are closed: "
                    + e.getMessage(), e);
            for (Listener l : listeners) {
                l.failed(durable, through);
            }
        }
        committed += messages;
        durable = through;
        for (Listener l : listeners) {
            l.durable(through);
        }
    }

    private void force() {
        if (!unforced) {
            return;
        }
        try {
            timedForce();
        } catch (IOException e) {
            storeFailures++;
            LOG.log(System.Logger.Level.ERROR, "fdatasync of the commit log failed: " + e.getMessage(), e);
        }
    }

    private void timedForce() throws IOException {
        long started = System.nanoTime();
        sink.force();
        lastForce = System.nanoTime();
        unforced = false;
        fsyncSeconds.observe((lastForce - started) / 1e9);
    }

    private void recycle(List<Batch> batches) {
        if (batches.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            for (Batch b : batches) {
                b.records.clear();
                spare.add(b);
            }
            if (open == null) {
                open = takeSpare();
            }
        } finally {
            lock.unlock();
        }
        batches.clear();
        wakeRoomWaiters();
    }

    private void wakeRoomWaiters() {
        Runnable r;
        while ((r = roomWaiters.poll()) != null) {
            r.run();
        }
    }
}
