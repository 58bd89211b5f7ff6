package io.countd.server.log;

/**
 * Increments encoded in the commit-log record format (see {@code format-spec/commitlog.md}),
 * waiting to be written as one frame by {@link LogSink#write}. Reused: {@link #clear()} after each
 * write; adding allocates nothing.
 *
 * <p><b>Threads:</b> not thread-safe; callers that share a batch lock around it.
 */
public final class RecordBatch {
    /** The largest encoded record: two 256-byte names, their lengths and a 64-bit increment. */
    public static final int MAX_RECORD_BYTES = 2 + 256 + 2 + 256 + 10;

    /**
     * @param capacity bytes of encoded records the batch holds; at least {@link #MAX_RECORD_BYTES}
     */
    public RecordBatch(int capacity) {
        throw new UnsupportedOperationException("to be built");
    }

    /**
     * Appends one record. Names are 1 to 256 bytes; the increment is non-zero.
     *
     * @return false, changing nothing, when the record does not fit
     */
    public boolean add(long increment, byte[] keyspace, int keyspaceOffset, int keyspaceLength,
            byte[] key, int keyOffset, int keyLength) {
        throw new UnsupportedOperationException("to be built");
    }

    public int records() {
        throw new UnsupportedOperationException("to be built");
    }

    public int bytes() {
        throw new UnsupportedOperationException("to be built");
    }

    public boolean isEmpty() {
        return records() == 0;
    }

    public void clear() {
        throw new UnsupportedOperationException("to be built");
    }
}
