package io.countd.server.store;

import io.countd.engine.TcException;
import io.countd.server.concurrent.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.locks.Lock;

/**
 * The keyspaces of one data folder: one Tokyo Cabinet hash database file per keyspace under
 * {@code DIR/keyspaces/}, holding the counters (key → 8-byte little-endian count), the rank index
 * and the exactly-once marks (see {@code format-spec/keyspace-store.md}).
 *
 * <p><b>Threads:</b> thread-safe. Applies to one keyspace are serialized; applies to different
 * keyspaces and views run in parallel. A thread must not apply to a keyspace while it holds an
 * open view of it in a process where that view opened the file read-only: the apply would wait for
 * the view forever.
 *
 * <p><b>Processes:</b> any number of processes may use one folder. A file is held only while an
 * apply or a view uses it: exclusively (fcntl write lock) by an apply, shared by a view in a
 * read-only store. See the spec for what waits for what.
 *
 * <p><b>Durability:</b> {@link #apply} returns after the engine has committed its transaction and
 * flushed the file to the device. A process killed at any point of an apply leaves all of it or
 * none of it, which the exactly-once mark then tells.
 *
 * <p><b>Errors:</b> a keyspace file that is damaged, foreign or unwritable gives
 * {@link KeyspaceException} and affects no other keyspace. Invalid arguments give
 * {@link IllegalArgumentException}; use after {@link #close()} (or an apply to a read-only store)
 * {@link IllegalStateException}.
 */
public final class KeyspaceStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(KeyspaceStore.class.getName());

    /** How the process uses the folder. */
    public enum Access {
        /** Workers (and, in {@code countd serve}, readers) in this process: files opened as writers. */
        READ_WRITE,
        /** A reader-only process ({@code countd-read}): files opened read-only, never created. */
        READ_ONLY
    }

    private final Path dir;
    private final Access access;
    private final ConcurrentHashMap<String, KeyspaceFile> files = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Keyspace> keyspaces = new ConcurrentHashMap<>();
    /** Closes the handles that nobody used while they lingered (see {@link KeyspaceFile}). */
    private final ScheduledThreadPoolExecutor closer;
    private volatile boolean closed;

    private KeyspaceStore(Path dir, Access access) {
        this.dir = dir;
        this.access = access;
        this.closer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("countd-keyspace-closer"));
        // At close the store closes every handle itself; a close already running on the closer
        // thread finishes (shutdownNow would interrupt it, which in a JVM that does not export
        // sun.nio.ch can still close the engine's channel under it: HashDatabase, "Interrupts").
        closer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Opens the store of {@code dir} (the keyspaces folder, created when writable and missing).
     * Opens no file yet.
     *
     * @throws UncheckedIOException when the folder cannot be created
     */
    public static KeyspaceStore open(Path dir, Access access) {
        if (access == Access.READ_WRITE) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the keyspaces folder " + dir, e);
            }
        }
        return new KeyspaceStore(dir, access);
    }

    /**
     * Applies one log's sums to one keyspace: {@link #apply(byte[], LogMarks, Deltas)} for a
     * single log.
     *
     * @return true when applied, false when it had been applied before
     */
    public boolean apply(byte[] keyspace, int stream, long position, Deltas deltas) {
        return apply(keyspace, LogMarks.of(stream, position), deltas) == 0;
    }

    /**
     * Applies the summed increments of the logs in {@code logs} to one keyspace, atomically and
     * durably, if the keyspace has recorded none of them (for no log a mark of its stream at or
     * beyond its position); the logs' marks are recorded in the same transaction. Creates the
     * keyspace on its first apply. Counts saturate at {@link Long#MAX_VALUE} and {@link
     * Long#MIN_VALUE}; a key whose count becomes 0 is removed.
     *
     * <p>When the keyspace has recorded some of the logs (an earlier batch of a worker that died
     * took part of this one), nothing is applied: the caller sums the logs not recorded again and
     * applies those. When it has recorded all of them, nothing is applied either.
     *
     * <p>Waits for other applies to this keyspace in this process, for views of it in this process
     * that hold the file read-only, and for any other process that holds the file.
     *
     * @param keyspace the keyspace name, 1 to 256 bytes with no NUL
     * @param logs the logs summed in {@code deltas}, at least one; marks of different streams are
     *     independent
     * @return the logs the keyspace had already recorded, bit {@code i} for {@code logs}' i-th:
     *     0 when {@code deltas} was applied, and then only
     * @throws KeyspaceException when the file cannot be read or changed; nothing was applied
     */
    public int apply(byte[] keyspace, LogMarks logs, Deltas deltas) {
        if (access == Access.READ_ONLY) {
            throw new IllegalStateException("a read-only store does not apply");
        }
        if (logs.size() == 0) {
            throw new IllegalArgumentException("no log");
        }
        return keyspace(keyspace).apply(logs, deltas);
    }

    /**
     * A consistent view of {@code keyspace}; an empty one when it does not exist. Creates no file.
     * The view holds the keyspace's file (in a read-only store, with a shared lock that a worker in
     * another process waits for) until it is closed, and the store keeps the file open for up to
     * 100 ms after it opened it (format-spec/keyspace-store.md, section 6.1).
     *
     * @throws KeyspaceException when the file cannot be read
     */
    public KeyspaceView view(byte[] keyspace) {
        return keyspace(keyspace).view();
    }

    /**
     * A view of {@code keyspace} as {@link #view} gives, if one can be had at once from memory:
     * the keyspace's file already open in this process and its handle free to join. Its
     * {@link KeyspaceView#rows} read only the rank nodes in memory and answer -1 when a row needs
     * one from the file; its close never closes the file (the closer thread does, when due). Null
     * when the view would have to wait or read the file (open it, wait for a lock, check it): then
     * ask {@link #view}. For threads that must never wait, such as an event loop; a lookup of the
     * keyspace's name and a brief lock are all it takes.
     *
     * @throws IllegalArgumentException when the name is not a keyspace name
     */
    public KeyspaceView viewInMemory(byte[] keyspace) {
        return keyspace(keyspace).viewInMemory();
    }

    /**
     * The count and rank of {@code key} in one committed state of {@code keyspace}, in O(log n):
     * the state this process last published, or a newer one that an apply of this process has
     * committed but not yet flushed. That newer state is never lost: until its flush returns, the
     * worker keeps its log, and a crash makes the log apply again. Creates no file. Waits like a
     * {@link #view}, and while an apply of this process has its transaction open on the file.
     *
     * @param keyspace the keyspace name, 1 to 256 bytes with no NUL
     * @param key the key, 1 to 256 bytes with no NUL
     * @return null when the key or the keyspace does not exist (count 0)
     * @throws KeyspaceException when the file cannot be read or its counter and rank index disagree
     */
    public KeyRank lookup(byte[] keyspace, byte[] key) {
        if (key.length < 1 || key.length > Deltas.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("a key has 1 to 256 bytes, not " + key.length);
        }
        for (byte b : key) {
            if (b == 0) {
                throw new IllegalArgumentException("a key never holds a NUL byte: " + KeyspaceNames.describe(key));
            }
        }
        return keyspace(keyspace).lookup(key);
    }

    /**
     * The names of the existing keyspaces, in no particular order, each read from its file. A file
     * that cannot be read is left out with a warning in the log.
     */
    public List<byte[]> keyspaces() {
        List<byte[]> names = new ArrayList<>();
        for (KeyspaceSize k : list()) {
            names.add(k.name());
        }
        return names;
    }

    /**
     * The existing keyspaces with their numbers of keys, in no particular order, each read from
     * its file's committed state (opening every keyspace file in turn, once, and waiting like a
     * {@link #view}). A file that cannot be read is left out with a warning in the log.
     */
    public List<KeyspaceSize> list() {
        ensureOpen();
        List<KeyspaceSize> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String fileName = p.getFileName().toString();
                if (KeyspaceNames.isKeyspaceFileName(fileName)) {
                    KeyspaceSize k = read(file(fileName));
                    if (k != null && KeyspaceNames.fileName(k.name()).equals(fileName)) {
                        out.add(k);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }

    /**
     * The name of the file under the keyspaces folder that holds {@code keyspace}
     * ({@code <readable>.<hash>.tch}, keyspace-store.md section 2.2).
     *
     * @throws IllegalArgumentException unless {@code keyspace} is 1 to 256 bytes without NUL
     */
    public static String fileName(byte[] keyspace) {
        KeyspaceNames.check(keyspace);
        return KeyspaceNames.fileName(keyspace);
    }

    /** Waits for running applies, then closes every open keyspace file; open views fail from then on. */
    @Override
    public void close() {
        closed = true;
        closer.shutdown();
        for (Keyspace k : keyspaces.values()) {
            k.close();
        }
        for (KeyspaceFile f : files.values()) {
            f.close();
        }
    }

    private Keyspace keyspace(byte[] name) {
        ensureOpen();
        KeyspaceNames.check(name);
        String fileName = KeyspaceNames.fileName(name);
        Keyspace k = keyspaces.computeIfAbsent(fileName, f -> new Keyspace(name.clone(), file(f)));
        if (!k.hasName(name)) {
            throw new KeyspaceException("keyspaces " + KeyspaceNames.describe(name) + " and another share the file "
                    + fileName, null);
        }
        return k;
    }

    private KeyspaceFile file(String fileName) {
        KeyspaceFile f = files.computeIfAbsent(fileName, n -> new KeyspaceFile(dir.resolve(n), closer));
        if (closed) {
            // close() may have iterated the files before this one was added.
            f.close();
            ensureOpen();
        }
        return f;
    }

    /**
     * The name and size recorded in a file, or null when it holds no keyspace (yet) or cannot be
     * read. Both come from one committed state: an apply of this process cannot commit meanwhile.
     */
    private static KeyspaceSize read(KeyspaceFile file) {
        try {
            Session s = file.acquireReader();
            if (s == null) {
                return null;
            }
            try {
                Lock read = file.fileAccess().readLock();
                read.lock();
                try {
                    byte[] name = s.db.get(KeyspaceRecords.NAME);
                    if (name == null) {
                        return null;
                    }
                    byte[] meta = s.db.get(KeyspaceRecords.META);
                    if (meta == null) {
                        throw new DamagedRecordException("a name record but no meta record");
                    }
                    return new KeyspaceSize(name, KeyspaceMeta.decode(meta).keys());
                } finally {
                    read.unlock();
                }
            } finally {
                file.release(s);
            }
        } catch (TcException | DamagedRecordException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the keyspace in " + file.path() + ": " + e.getMessage());
            return null;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the keyspace store is closed");
        }
    }
}
