package io.countd.server.store;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcError;
import io.countd.engine.TcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The engine handle of one keyspace file in this process (the engine allows one per file and
 * process). A handle is open while an apply or a view uses it, and for a short while after: it is
 * closed by the last user to leave once it has been open for {@link #LINGER_NANOS}, or by the
 * store's closer at that time if nobody uses it then. So other processes wait for this one no
 * longer than its users plus that while, and a stream of short views opens the file a few times a
 * second rather than once per view (an open and close, with their map and unmap, cost more than
 * a ranked read of 100 rows).
 *
 * <ul>
 *   <li>An apply needs a writer handle: it joins one that is open, or opens one (waiting in the
 *       engine for other processes' locks). If this process has the file open read-only for
 *       views, it waits until they leave and closes it; views that arrive meanwhile wait behind it
 *       and then join its writer handle.
 *   <li>A view joins whatever handle is open, or opens the file read-only, never creating it.
 *   <li>After a failed apply the handle is retired: nobody new joins it, and it closes (letting
 *       the engine roll back from its write-ahead log) when its last user leaves.
 * </ul>
 *
 * <p><b>Threads:</b> thread-safe.
 */
final class KeyspaceFile {
    private static final System.Logger LOG = System.getLogger(KeyspaceFile.class.getName());

    /** How long a handle stays open after it opened when nobody uses it. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Path path;
    private final ScheduledExecutorService closer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Held for writing while an apply's transaction is open; node loads hold it for reading. */
    private final ReentrantReadWriteLock fileAccess = new ReentrantReadWriteLock();
    private Session session;
    private int waitingWriters;
    private boolean opening;
    private boolean retiring;
    private boolean closed;

    /** The file at {@code path}; {@code closer} closes idle handles when their time is up. */
    KeyspaceFile(Path path, ScheduledExecutorService closer) {
        this.path = path;
        this.closer = closer;
    }

    Path path() {
        return path;
    }

    ReadWriteLock fileAccess() {
        return fileAccess;
    }

    /**
     * A writer handle, creating the file if it is missing.
     *
     * @throws TcException when the file cannot be opened or created
     */
    Session acquireWriter() {
        lock.lock();
        try {
            waitingWriters++;
            try {
                while (true) {
                    ensureOpen();
                    if (opening || retiring || session != null && !session.writer && session.users > 0) {
                        changed.awaitUninterruptibly();
                        continue;
                    }
                    if (session != null && !session.writer) {
                        // A read-only handle nobody uses any more, still open for its while.
                        closeSession();
                    }
                    if (session == null) {
                        openSession(true);
                    }
                    session.users++;
                    return session;
                }
            } finally {
                waitingWriters--;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The open handle, or a new read-only one; null when the file does not exist or is still
     * empty (a writer has just created it).
     *
     * @throws TcException when the file cannot be opened
     */
    Session acquireReader() {
        lock.lock();
        try {
            while (true) {
                ensureOpen();
                if (opening || retiring || session != null && !session.writer && waitingWriters > 0) {
                    changed.awaitUninterruptibly();
                    continue;
                }
                if (session == null && !openReader()) {
                    return null;
                }
                session.users++;
                return session;
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The open handle if it can be joined at once: null when the lock is busy, no handle is open
     * (one would have to be opened), or the handle may not be joined now. Waits for nothing.
     */
    Session tryAcquireReader() {
        if (!lock.tryLock()) {
            return null;
        }
        try {
            ensureOpen();
            Session s = session;
            if (s == null || retiring || !s.writer && waitingWriters > 0) {
                return null;
            }
            s.users++;
            return s;
        } finally {
            lock.unlock();
        }
    }

    void release(Session s) {
        release(s, true);
    }

    /** As {@link #release}, but a close that falls due is left to the closer thread: for callers that must not wait. */
    void releaseWithoutClosing(Session s) {
        release(s, false);
    }

    private void release(Session s, boolean mayClose) {
        lock.lock();
        try {
            s.users--;
            if (s.users == 0 && session == s) {
                long left = s.openedAt + LINGER_NANOS - System.nanoTime();
                boolean due = retiring || left <= 0;
                if (due && mayClose) {
                    closeSession();
                } else if (due) {
                    closeIdleLater(s, 0);
                } else if (!s.closeScheduled) {
                    s.closeScheduled = true;
                    closeIdleLater(s, left);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Lets nobody new use {@code s}; it closes when its last user releases it. */
    void retire(Session s) {
        lock.lock();
        try {
            if (session == s) {
                retiring = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the handle even if views still use it (they fail from then on); refuses new users. */
    void close() {
        lock.lock();
        try {
            closed = true;
            if (session != null) {
                closeSession();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean openReader() {
        if (isEmptyOrGone()) {
            return false;
        }
        try {
            openSession(false);
            return true;
        } catch (TcException e) {
            if (e.error() == TcError.NOFILE || isUncreated()) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Whether the file holds only zeros: a writer's creation was cut short there (the engine
     * writes the header last), and the next apply creates it. Asked only after a failed open,
     * with no handle of this process on the file, whose locks closing the descriptor would drop.
     */
    private boolean isUncreated() {
        try {
            return HashDatabase.isUncreated(path);
        } catch (TcException e) {
            return e.error() == TcError.NOFILE;
        }
    }

    /** Opens the engine handle without holding the lock, which others wait on meanwhile. */
    private void openSession(boolean writer) {
        opening = true;
        lock.unlock();
        HashDatabase db;
        try {
            db = writer ? HashDatabase.builder(path).createOverZeros().open() : HashDatabase.openReadOnly(path);
        } finally {
            lock.lock();
            opening = false;
            changed.signalAll();
        }
        if (closed) {
            db.close();
            ensureOpen();
        }
        session = new Session(db, writer, new EngineNodes(db, fileAccess));
    }

    private void closeIdleLater(Session s, long delayNanos) {
        try {
            closer.schedule(() -> closeIfIdle(s), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The store is closing, and closes every handle itself.
            closeSession();
        }
    }

    /** At the end of the handle's while: closes it unless in use, when its last user will. */
    private void closeIfIdle(Session s) {
        lock.lock();
        try {
            if (session == s && s.users == 0) {
                closeSession();
            }
        } finally {
            lock.unlock();
        }
    }

    private void closeSession() {
        Session s = session;
        session = null;
        s.closed = true;
        retiring = false;
        changed.signalAll();
        try {
            s.db.close();
        } catch (TcException e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + path + " failed; the next open recovers it", e);
        }
    }

    /**
     * A file of 0 bytes is one a writer has created and not yet initialized (or died doing so). It
     * grows only under the writer's lock, so a file found longer is complete by the time a reader
     * gets the lock; asking after a failed open instead would race with that writer.
     */
    private boolean isEmptyOrGone() {
        try {
            return Files.size(path) == 0;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the keyspace store is closed");
        }
    }
}
