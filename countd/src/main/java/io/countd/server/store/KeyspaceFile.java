package io.countd.server.store;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcError;
import io.countd.engine.TcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The engine handle of one keyspace file in this process (the engine allows one per file and
 * process). A handle is open only while an apply or a view uses it, and is closed by the last one
 * to leave, so other processes wait for this one no longer than that.
 *
 * <ul>
 *   <li>An apply needs a writer handle: it joins one that is open, or opens one (waiting in the
 *       engine for other processes' locks). If this process has the file open read-only for
 *       views, it waits until they close; views that arrive meanwhile wait behind it and then
 *       join its writer handle.
 *   <li>A view joins whatever handle is open, or opens the file read-only, never creating it.
 *   <li>After a failed apply the handle is retired: nobody new joins it, and it closes (letting
 *       the engine roll back from its write-ahead log) when its last user leaves.
 * </ul>
 *
 * <p><b>Threads:</b> thread-safe.
 */
final class KeyspaceFile {
    private static final System.Logger LOG = System.getLogger(KeyspaceFile.class.getName());

    private final Path path;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Held for writing while an apply's transaction is open; node loads hold it for reading. */
    private final ReentrantReadWriteLock fileAccess = new ReentrantReadWriteLock();
    private Session session;
    private int waitingWriters;
    private boolean opening;
    private boolean retiring;
    private boolean closed;

    KeyspaceFile(Path path) {
        this.path = path;
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

    void release(Session s) {
        lock.lock();
        try {
            s.users--;
            if (s.users == 0 && session == s) {
                closeSession();
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
            if (e.error() == TcError.NOFILE) {
                return false;
            }
            throw e;
        }
    }

    /** Opens the engine handle without holding the lock, which others wait on meanwhile. */
    private void openSession(boolean writer) {
        opening = true;
        lock.unlock();
        HashDatabase db;
        try {
            db = writer ? HashDatabase.builder(path).open() : HashDatabase.openReadOnly(path);
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
