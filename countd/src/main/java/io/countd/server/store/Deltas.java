package io.countd.server.store;

/**
 * The summed increments of one log for one keyspace: key to exact (128-bit) sum. Filled by a
 * worker with {@link #add}, handed to {@link KeyspaceStore#apply}, then {@link #clear()}ed and
 * reused; after warm-up, adding allocates nothing.
 *
 * <p><b>Threads:</b> not thread-safe; owned by one worker thread.
 */
public final class Deltas {
    public Deltas() {
        throw new UnsupportedOperationException("to be built");
    }

    /** Adds {@code increment} to the sum of {@code key[0..keyLength)} (1 to 256 bytes). */
    public void add(byte[] key, int keyLength, long increment) {
        throw new UnsupportedOperationException("to be built");
    }

    /** Number of distinct keys added since the last clear. */
    public int size() {
        throw new UnsupportedOperationException("to be built");
    }

    public void clear() {
        throw new UnsupportedOperationException("to be built");
    }
}
