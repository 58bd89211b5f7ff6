package io.countd.server.store;

/**
 * A consistent, read-only view of one keyspace: the state after some set of whole logs, never
 * part of one. Close it promptly: in a process without workers it holds a shared lock on the
 * keyspace file, which a worker in another process waits for.
 *
 * <p><b>Threads:</b> not thread-safe; one reader uses a view.
 */
public interface KeyspaceView extends AutoCloseable {
    /** Number of keys (non-zero counters); 0 for a keyspace that does not exist. */
    long size();

    /**
     * Visits the rows of ranks {@code offset} to {@code offset + length - 1} that exist, in rank
     * order, in O(log n + length).
     *
     * @return the number of rows visited; -1 for a view of {@link KeyspaceStore#viewInMemory} when a
     *     row needs a node that is not in memory (the sink may have seen some rows before)
     */
    int rows(long offset, int length, RowSink sink);

    @Override
    void close();
}
