package io.countd.server.store;

import io.countd.engine.TcException;
import io.countd.server.rank.CorruptIndexException;
import io.countd.server.rank.NodeStore;
import io.countd.server.rank.NotResidentException;

/**
 * A view pinned to one snapshot, reading through the handle it holds until closed. Nodes the
 * snapshot has not loaded yet are read from the file; such a read waits while an apply of this
 * process has its transaction open. The snapshot stays readable after later applies: every node
 * an apply rewrites or frees has been loaded (into memory shared with this snapshot) before the
 * apply writes, so what the view still has to read from the file is unchanged there.
 */
final class SnapshotView implements KeyspaceView {
    /** The view of a keyspace that does not exist (or not yet): holds nothing, locks nothing. */
    static final KeyspaceView EMPTY = new KeyspaceView() {
        @Override
        public long size() {
            return 0;
        }

        @Override
        public int rows(long offset, int length, RowSink sink) {
            if (offset < 0 || length < 0) {
                throw new IllegalArgumentException("offset " + offset + ", length " + length);
            }
            return 0;
        }

        @Override
        public void close() {
            // Nothing is held.
        }
    };

    private final Keyspace keyspace;
    private final Session session;
    private final Snapshot snapshot;
    /** Whether the view reads only nodes in memory, and waits for nothing (not even a close). */
    private final boolean inMemory;
    private final byte[] key = new byte[Deltas.MAX_KEY_LENGTH];
    private boolean closed;

    SnapshotView(Keyspace keyspace, Session session, Snapshot snapshot, boolean inMemory) {
        this.keyspace = keyspace;
        this.session = session;
        this.snapshot = snapshot;
        this.inMemory = inMemory;
    }

    @Override
    public long size() {
        ensureOpen();
        return snapshot.tree().size();
    }

    @Override
    public int rows(long offset, int length, RowSink sink) {
        ensureOpen();
        try {
            return snapshot.tree().rows(offset, length, inMemory ? NodeStore.RESIDENT : session.nodes,
                    (rank, count, k) -> {
                        System.arraycopy(k, 0, key, 0, k.length);
                        sink.row(rank, count, key, k.length);
                    });
        } catch (NotResidentException e) {
            return -1;
        } catch (TcException | CorruptIndexException e) {
            throw keyspace.damaged(e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (inMemory) {
                keyspace.releaseWithoutClosing(session);
            } else {
                keyspace.release(session);
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the view is closed");
        }
        if (session.closed) {
            throw new IllegalStateException("the keyspace store is closed");
        }
    }

    /** Whether this view reads through a writer handle, which this process's applies share (for tests). */
    boolean sharesWriterHandle() {
        return session.writer;
    }
}
