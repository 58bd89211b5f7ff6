package io.countd.server.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local commit-log pool of one data folder: preallocated log files under {@code DIR/logs/}
 * named by 10-digit slot numbers, their {@code lock-N} hard links and modes (0400 empty, 0200
 * full, 0600 held), the byte-range locks on {@code DIR/logs/holders} that tell live holders from
 * dead ones, generations, frames and recovery, as {@code format-spec/commitlog.md} specifies.
 *
 * <p><b>Threads and processes:</b> thread-safe; any number of writer and worker processes may
 * share one folder. One pool object per folder per process is the intended use (several work,
 * sharing this process's locks). A background maintainer thread creates logs.
 *
 * <p><b>Durability:</b> see {@link LogSink}: a frame is durable once {@link LogSink#force} (or the
 * log's seal) returned. Logs whose holders died are recovered, never deleted: sealed when they
 * hold frames, emptied when they hold none.
 *
 * <p><b>Errors:</b> I/O failures surface as {@link IOException} from the call that met them; a
 * sink that failed leaves its log to recovery, as a crash would.
 */
public final class CommitLogPool implements LogSource, AutoCloseable {
    private final Folder folder;
    private final PoolConfig config;
    private final Maintainer maintainer;
    private final AtomicInteger sinks = new AtomicInteger();
    private final AtomicInteger waitingWriters = new AtomicInteger();
    private final AtomicInteger waitingWorkers = new AtomicInteger();
    private volatile boolean room = true;
    private volatile boolean closed;

    private CommitLogPool(Folder folder, PoolConfig config) {
        this.folder = folder;
        this.config = config;
        this.maintainer = new Maintainer(this, folder, config);
    }

    /**
     * Opens the pool of the data folder {@code dir}, whose logs live in {@code dir/logs/} (created
     * if missing), making sure of {@code minLogs} logs and recovering logs whose holders died, and
     * starts the background maintainer.
     */
    public static CommitLogPool open(Path dir, PoolConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Folder folder = Folder.acquire(logs);
        try {
            LogCreator.removeStaleTemps(folder);
            Claims.recoverAbandoned(folder, Inventory.scan(folder));
            CommitLogPool pool = new CommitLogPool(folder, config);
            pool.maintainer.tend();
            pool.maintainer.start();
            return pool;
        } catch (IOException | RuntimeException e) {
            folder.release();
            throw e;
        }
    }

    /**
     * A sink for one writer thread. Opening it also makes the maintainer keep {@code spareLogs}
     * empty logs ready.
     */
    public LogSink openSink() throws IOException {
        checkOpen();
        sinks.incrementAndGet();
        maintainer.wake();
        return new PoolSink(this, config);
    }

    @Override
    public PendingLog take(long timeout, TimeUnit unit) throws IOException, InterruptedException {
        long wait = unit.toNanos(timeout);
        long start = System.nanoTime();
        long poll = config.pollInterval().toNanos();
        while (true) {
            checkOpen();
            long seen = folder.signal.version();
            PendingLog log = tryTakeFull();
            if (log != null) {
                return log;
            }
            long left = wait - (System.nanoTime() - start);
            if (left <= 0) {
                return null;
            }
            waitingWorkers.incrementAndGet();
            try {
                folder.signal.await(seen, Math.min(left, poll));
            } finally {
                waitingWorkers.decrementAndGet();
            }
        }
    }

    private PendingLog tryTakeFull() throws IOException {
        Inventory inv = Inventory.scan(folder);
        if (Claims.recoverAbandoned(folder, inv)) {
            inv = Inventory.scan(folder);
        }
        record Candidate(int slot, long age) {
        }
        List<Candidate> full = new ArrayList<>();
        for (Inventory.Slot s : inv.slots()) {
            if (s.freeFull()) {
                full.add(new Candidate(s.slot(), Claims.age(folder, s.slot())));
            }
        }
        full.sort(Comparator.comparingLong(Candidate::age).thenComparingInt(Candidate::slot));
        for (Candidate c : full) {
            Hold hold = Claims.claim(folder, c.slot(), LogMode.FULL);
            if (hold != null) {
                try {
                    return TakenLog.open(hold, this);
                } catch (IOException | RuntimeException e) {
                    hold.abandon();
                    throw e;
                }
            }
        }
        return null;
    }

    /** The state of every log, by slot. */
    public List<LogStatus> status() throws IOException {
        checkOpen();
        List<LogStatus> out = new ArrayList<>();
        for (Inventory.Slot s : Inventory.scan(folder).slots()) {
            LogStatus.State state = s.held() ? LogStatus.State.HELD
                    : s.mode() == LogMode.FULL ? LogStatus.State.FULL : LogStatus.State.EMPTY;
            long generation = Math.max(0, Claims.generation(folder, s.slot()));
            boolean live = state == LogStatus.State.HELD && folder.isLive(s.slot());
            out.add(new LogStatus(s.slot(), state, generation, live));
        }
        return out;
    }

    /** Stops the maintainer. Sinks and pending logs must be closed first. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        maintainer.stop();
        folder.release();
    }

    /** Takes the lowest free empty log for a writer, waiting while there is none (back-pressure). */
    LogWriter awaitEmpty() throws IOException, InterruptedException {
        long poll = config.pollInterval().toNanos();
        while (true) {
            checkOpen();
            long seen = folder.signal.version();
            LogWriter writer = tryTakeEmpty();
            if (writer != null) {
                return writer;
            }
            waitingWriters.incrementAndGet();
            try {
                maintainer.wake();
                folder.signal.await(seen, poll);
            } finally {
                waitingWriters.decrementAndGet();
            }
        }
    }

    private LogWriter tryTakeEmpty() throws IOException {
        Inventory inv = Inventory.scan(folder);
        if (Claims.recoverAbandoned(folder, inv)) {
            inv = Inventory.scan(folder);
        }
        for (Inventory.Slot s : inv.slots()) {
            if (!s.freeEmpty()) {
                continue;
            }
            Hold hold = Claims.claim(folder, s.slot(), LogMode.EMPTY);
            if (hold != null) {
                LogWriter writer;
                try {
                    writer = LogWriter.start(hold, folder.signal);
                } catch (IOException | RuntimeException e) {
                    hold.abandon();
                    throw e;
                }
                noteRoom(inv, 1);
                maintainer.wake();
                return writer;
            }
        }
        noteRoom(inv, 0);
        return null;
    }

    boolean hasRoom() {
        return room;
    }

    /** Records what a fresh listing says about room, {@code taken} of its free empty logs just taken. */
    void noteRoom(Inventory inv, int taken) {
        room = inv.freeEmpty() - taken > 0 || inv.canGrow(config.maxLogs());
    }

    void noteRecycled() {
        room = true;
    }

    void sinkClosed() {
        sinks.decrementAndGet();
    }

    int openSinks() {
        return sinks.get();
    }

    int waitingWriters() {
        return waitingWriters.get();
    }

    /** Whether a worker of this process waits in {@link #take} for a log to be sealed. */
    boolean workerWaiting() {
        return waitingWorkers.get() > 0;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the pool is closed");
        }
    }
}
