package io.countd.server.store;

import java.nio.file.Path;
import java.util.List;

/**
 * The keyspaces of one data folder: one Tokyo Cabinet hash database file per keyspace under
 * {@code DIR/keyspaces/}, holding the counters (key → 8-byte little-endian count), the rank index
 * and the exactly-once marks (see {@code format-spec/keyspace-store.md}).
 *
 * <p><b>Threads:</b> thread-safe. Applies to one keyspace are serialized; applies to different
 * keyspaces and views run in parallel.
 *
 * <p><b>Processes:</b> any number of processes may use one folder. A file is held only while an
 * apply or a view uses it: exclusively (fcntl write lock) by an apply, shared by a view in a
 * read-only store. See the spec for what waits for what.
 */
public final class KeyspaceStore implements AutoCloseable {
    /** How the process uses the folder. */
    public enum Access {
        /** Workers (and, in {@code countd serve}, readers) in this process: files opened as writers. */
        READ_WRITE,
        /** A reader-only process ({@code countd-read}): files opened read-only, never created. */
        READ_ONLY
    }

    private KeyspaceStore() {
    }

    /** Opens the store of {@code dir} (the keyspaces folder, created when writable and missing). */
    public static KeyspaceStore open(Path dir, Access access) {
        throw new UnsupportedOperationException("to be built");
    }

    /**
     * Applies one log's sums to one keyspace, atomically and durably, unless the keyspace has
     * already recorded {@code position} or a later one for {@code stream}. Creates the keyspace on
     * its first apply. Counts saturate at {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE}; a key
     * whose count becomes 0 is removed.
     *
     * @param keyspace the keyspace name, 1 to 256 bytes with no NUL
     * @return true when applied, false when it had been applied before
     * @throws KeyspaceException when the file cannot be read or changed; nothing was applied
     */
    public boolean apply(byte[] keyspace, int stream, long position, Deltas deltas) {
        throw new UnsupportedOperationException("to be built");
    }

    /** A consistent view of {@code keyspace}; an empty one when it does not exist. */
    public KeyspaceView view(byte[] keyspace) {
        throw new UnsupportedOperationException("to be built");
    }

    /** The names of the existing keyspaces, in no particular order. */
    public List<byte[]> keyspaces() {
        throw new UnsupportedOperationException("to be built");
    }

    /** Closes every open keyspace file. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("to be built");
    }
}
