package io.countd.server.store;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcException;
import io.countd.server.rank.CorruptIndexException;
import io.countd.server.rank.RankTree;
import java.util.Arrays;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One keyspace in this process: its applies (one at a time), its views, and the snapshot they
 * share. The snapshot is published only after an apply's transaction has committed and the file
 * is synced, so views see whole logs or nothing of them.
 *
 * <p>A snapshot read through one handle stays valid while the handle is open (no other process can
 * change the file meanwhile). When a new handle opens, the file's meta decides: if its instance id
 * and version are those of the snapshot, the snapshot and every node it has loaded are kept;
 * otherwise (another process applied, or the file was replaced) they are dropped and the tree is
 * read afresh.
 *
 * <p><b>Threads:</b> thread-safe.
 */
final class Keyspace {
    private final byte[] name;
    private final String label;
    private final KeyspaceFile file;
    private final ReentrantLock applies = new ReentrantLock();
    /**
     * The newest state this process knows; null when unknown or when the file holds no keyspace
     * yet. Written under this object's monitor; views that must not wait read it without.
     */
    private volatile Snapshot published;

    Keyspace(byte[] name, KeyspaceFile file) {
        this.name = name;
        this.file = file;
        this.label = "keyspace " + KeyspaceNames.describe(name) + " (" + file.path().getFileName() + ")";
    }

    boolean hasName(byte[] other) {
        return Arrays.equals(name, other);
    }

    /** See {@link KeyspaceStore#apply}. */
    int apply(LogMarks logs, Deltas deltas) {
        applies.lock();
        try {
            Session s = file.acquireWriter();
            boolean done = false;
            try {
                Snapshot base = validate(s);
                int recorded = recorded(s.db, logs);
                if (recorded != 0) {
                    done = true;
                    return recorded;
                }
                Snapshot next = commit(s, base, deltas, logs);
                s.db.sync();
                publish(next);
                done = true;
                return 0;
            } finally {
                if (!done) {
                    // Nobody reuses a handle that failed. The snapshot stays: an aborted transaction
                    // left the file as it describes, and if the commit happened before the failure,
                    // the next handle finds a newer version in the meta and reads the file afresh.
                    file.retire(s);
                }
                file.release(s);
            }
        } catch (TcException | CorruptIndexException | DamagedRecordException e) {
            throw damaged(e);
        } finally {
            applies.unlock();
        }
    }

    /** See {@link KeyspaceStore#view}. */
    KeyspaceView view() {
        Session s;
        try {
            s = file.acquireReader();
        } catch (TcException e) {
            throw damaged(e);
        }
        if (s == null) {
            return SnapshotView.EMPTY;
        }
        try {
            Snapshot snapshot = validate(s);
            if (snapshot == null) {
                file.release(s);
                return SnapshotView.EMPTY;
            }
            return new SnapshotView(this, s, snapshot, false);
        } catch (RuntimeException e) {
            file.release(s);
            throw e instanceof TcException || e instanceof CorruptIndexException || e instanceof DamagedRecordException
                    ? damaged(e) : e;
        }
    }

    /** See {@link KeyspaceStore#viewInMemory}. */
    KeyspaceView viewInMemory() {
        Session s = file.tryAcquireReader();
        if (s == null) {
            return null;
        }
        if (!s.validated) {
            // Its opener is about to check the snapshot against the file, which reads it.
            file.releaseWithoutClosing(s);
            return null;
        }
        Snapshot snapshot = published;
        if (snapshot == null) {
            file.releaseWithoutClosing(s);
            return SnapshotView.EMPTY;
        }
        return new SnapshotView(this, s, snapshot, true);
    }

    /**
     * See {@link KeyspaceStore#lookup}. The counter records are not versioned as the rank tree is:
     * they hold the file's newest committed state, which is ahead of the published snapshot from
     * an apply's commit to its publication. So the count and the rank are both read from the
     * file's state, under the lock that keeps an apply's transaction out; the published tree (and
     * the nodes it has in memory) serves when it is that state, else the tree is read afresh.
     */
    KeyRank lookup(byte[] key) {
        Session s;
        try {
            s = file.acquireReader();
        } catch (TcException e) {
            throw damaged(e);
        }
        if (s == null) {
            return null;
        }
        try {
            Snapshot published = validate(s);
            if (published == null) {
                return null;
            }
            Lock read = file.fileAccess().readLock();
            read.lock();
            try {
                byte[] meta = s.db.get(KeyspaceRecords.META);
                if (meta == null) {
                    throw new DamagedRecordException("the meta record is gone");
                }
                KeyspaceMeta now = KeyspaceMeta.decode(meta);
                RankTree tree = published.meta().sameState(now) ? published.tree() : Snapshot.of(now).tree();
                byte[] value = s.db.get(key);
                if (value == null) {
                    return null;
                }
                long count = KeyspaceRecords.decodeCount(key, value);
                long rank = tree.rankOf(count, key, s.nodes);
                if (rank < 0) {
                    throw new DamagedRecordException("counter " + KeyspaceNames.describe(key) + " = " + count
                            + " has no entry in the rank index");
                }
                return new KeyRank(count, rank);
            } finally {
                read.unlock();
            }
        } catch (TcException | CorruptIndexException | DamagedRecordException e) {
            throw damaged(e);
        } finally {
            file.release(s);
        }
    }

    /** Waits for a running apply to finish, then closes the file. */
    void close() {
        applies.lock();
        try {
            file.close();
        } finally {
            applies.unlock();
        }
    }

    void release(Session s) {
        file.release(s);
    }

    void releaseWithoutClosing(Session s) {
        file.releaseWithoutClosing(s);
    }

    KeyspaceException damaged(RuntimeException cause) {
        return new KeyspaceException(label + ": " + cause.getMessage(), cause);
    }

    /** The snapshot that holds for this handle, read from the file the first time the handle is used. */
    private synchronized Snapshot validate(Session s) {
        if (s.validated) {
            return published;
        }
        Snapshot found = read(s.db);
        if (found == null || published == null || !published.meta().sameState(found.meta())) {
            published = found;
        }
        s.validated = true;
        return published;
    }

    private synchronized void publish(Snapshot snapshot) {
        published = snapshot;
    }

    private Snapshot read(HashDatabase db) {
        byte[] meta = db.get(KeyspaceRecords.META);
        if (meta == null) {
            if (db.count() == 0) {
                return null;
            }
            throw new DamagedRecordException("not a keyspace file: " + db.count() + " records but no meta record");
        }
        byte[] stored = db.get(KeyspaceRecords.NAME);
        if (!Arrays.equals(stored, name)) {
            throw new DamagedRecordException(stored == null ? "no name record"
                    : "the file belongs to keyspace " + KeyspaceNames.describe(stored));
        }
        return Snapshot.of(KeyspaceMeta.decode(meta));
    }

    /** The logs whose marks say the keyspace has them: bit i for the i-th. */
    private static int recorded(HashDatabase db, LogMarks logs) {
        int recorded = 0;
        for (int i = 0; i < logs.size(); i++) {
            int stream = logs.stream(i);
            byte[] mark = db.get(KeyspaceRecords.markKey(stream));
            if (mark != null && KeyspaceRecords.decodePosition(stream, mark) >= logs.position(i)) {
                recorded |= 1 << i;
            }
        }
        return recorded;
    }

    /**
     * The apply's one transaction (keyspace-store.md section 5.3): the counters, each read and
     * rewritten in one lookup, the rank tree's changed nodes, the logs' marks, the name of a new
     * keyspace and the meta. Holds the file's write lock throughout, so that a {@link #lookup}
     * never meets a counter of this apply before its commit. Returns the new state.
     */
    private Snapshot commit(Session s, Snapshot base, Deltas deltas, LogMarks logs) {
        HashDatabase db = s.db;
        Lock exclusive = file.fileAccess().writeLock();
        exclusive.lock();
        try {
            db.beginTransaction();
            try {
                CounterUpdate update = CounterUpdate.apply(db, s.nodes, base == null ? RankTree.empty() : base.tree(),
                        deltas);
                update.writeNodes(s.nodes);
                KeyspaceMeta meta = base == null ? KeyspaceMeta.created(update.tree()) : base.meta().next(update.tree());
                for (int i = 0; i < logs.size(); i++) {
                    db.put(KeyspaceRecords.markKey(logs.stream(i)), KeyspaceRecords.encodePosition(logs.position(i)));
                }
                if (base == null) {
                    db.put(KeyspaceRecords.NAME, name);
                }
                db.put(KeyspaceRecords.META, meta.encode());
                db.commitTransaction();
                return new Snapshot(meta, update.tree());
            } catch (RuntimeException e) {
                try {
                    db.abortTransaction();
                } catch (RuntimeException abortFailure) {
                    e.addSuppressed(abortFailure);
                }
                throw e;
            }
        } finally {
            exclusive.unlock();
        }
    }
}
