package io.countd.server.log;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's background thread: creates logs, off the request path, while the pool has fewer
 * than {@code minLogs}, or (while a sink is open) fewer than {@code spareLogs} free empty ones, or
 * while a writer waits for an empty log; never slots at or beyond {@code maxLogs}. Runs every
 * {@code pollInterval} and whenever woken.
 */
final class Maintainer implements Runnable {
    private static final System.Logger LOG = System.getLogger(Maintainer.class.getName());

    private final CommitLogPool pool;
    private final Folder folder;
    private final PoolConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private boolean requested;
    private boolean stopped;
    private Thread thread;

    Maintainer(CommitLogPool pool, Folder folder, PoolConfig config) {
        this.pool = pool;
        this.folder = folder;
        this.config = config;
    }

    void start() {
        thread = new Thread(this, "countd-log-maintainer " + folder.logs.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    void wake() {
        lock.lock();
        try {
            requested = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        lock.lock();
        try {
            stopped = true;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (thread != null && thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        while (waitForWork()) {
            try {
                tend();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "maintaining " + folder.logs, e);
            }
        }
    }

    /** Waits for the poll interval or a wake-up; false once stopped. */
    private boolean waitForWork() {
        lock.lock();
        try {
            long left = config.pollInterval().toNanos();
            while (!requested && !stopped && left > 0) {
                left = woken.awaitNanos(left);
            }
            requested = false;
            return !stopped;
        } catch (InterruptedException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Creates the logs the pool lacks; also run once, synchronously, when the pool opens. */
    void tend() throws IOException {
        Inventory inv = Inventory.scan(folder);
        while (lacksLog(inv) && inv.canGrow(config.maxLogs())) {
            if (LogCreator.create(folder, inv.missing(config.maxLogs()), config.logBytes()) >= 0) {
                folder.signal.bump();
            }
            inv = Inventory.scan(folder);
        }
        pool.noteRoom(inv, 0);
    }

    private boolean lacksLog(Inventory inv) {
        int free = inv.freeEmpty();
        return inv.count() < config.minLogs()
                || pool.openSinks() > 0 && free < config.spareLogs()
                || pool.waitingWriters() > 0 && free == 0;
    }
}
