package io.countd.server.log;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Increments encoded in the commit-log record format (see {@code format-spec/commitlog.md}),
 * waiting to be written as one frame by {@link LogSink#write}. Reused: {@link #clear()} after each
 * write; adding allocates nothing.
 *
 * <p>The encoded records live in a direct buffer, so the sink hands them to the file without a
 * copy.
 *
 * <p><b>Threads:</b> not thread-safe; callers that share a batch lock around it.
 */
public final class RecordBatch {
    /** The largest encoded record: two 256-byte names, their lengths and a 64-bit increment. */
    public static final int MAX_RECORD_BYTES = 2 + 256 + 2 + 256 + 10;

    /**
     * The largest capacity: one frame's payload. Every log a pool accepts ({@link
     * PoolConfig#MIN_LOG_BYTES}) has room for a frame of a full batch of this size.
     */
    public static final int MAX_CAPACITY = LogFormat.MAX_PAYLOAD;

    private final ByteBuffer buffer;
    private int bytes;
    private int records;

    /**
     * @param capacity bytes of encoded records the batch holds; {@link #MAX_RECORD_BYTES} to
     *     {@link #MAX_CAPACITY}
     * @throws IllegalArgumentException when the capacity is outside those bounds
     */
    public RecordBatch(int capacity) {
        if (capacity < MAX_RECORD_BYTES || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("batch capacity " + capacity + " is not within " + MAX_RECORD_BYTES
                    + ".." + MAX_CAPACITY);
        }
        buffer = ByteBuffer.allocateDirect(capacity);
    }

    /**
     * Appends one record. Names are 1 to 256 bytes and hold no NUL byte; the increment is
     * non-zero.
     *
     * @return false, changing nothing, when the record does not fit
     * @throws IllegalArgumentException when a name or the increment is not allowed
     * @throws IndexOutOfBoundsException when an offset and length do not lie within their array
     */
    public boolean add(long increment, byte[] keyspace, int keyspaceOffset, int keyspaceLength,
            byte[] key, int keyOffset, int keyLength) {
        checkName(keyspace, keyspaceOffset, keyspaceLength);
        checkName(key, keyOffset, keyLength);
        if (increment == 0) {
            throw new IllegalArgumentException("the increment is zero");
        }
        long zigzag = Varints.zigzag(increment);
        int size = Varints.size(keyspaceLength) + keyspaceLength + Varints.size(keyLength) + keyLength
                + Varints.size(zigzag);
        if (size > buffer.capacity() - bytes) {
            return false;
        }
        buffer.limit(buffer.capacity()); // payload() may have narrowed it; absolute puts check the limit
        int at = Varints.put(buffer, bytes, keyspaceLength);
        buffer.put(at, keyspace, keyspaceOffset, keyspaceLength);
        at = Varints.put(buffer, at + keyspaceLength, keyLength);
        buffer.put(at, key, keyOffset, keyLength);
        bytes = Varints.put(buffer, at + keyLength, zigzag);
        records++;
        return true;
    }

    private static void checkName(byte[] name, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, name.length);
        if (length < 1 || length > LogFormat.MAX_NAME) {
            throw new IllegalArgumentException("a name of " + length + " bytes; names are 1 to 256 bytes");
        }
        for (int i = offset; i < offset + length; i++) {
            if (name[i] == 0) {
                throw new IllegalArgumentException("a name holds a NUL byte at " + (i - offset));
            }
        }
    }

    public int records() {
        return records;
    }

    public int bytes() {
        return bytes;
    }

    public int capacity() {
        return buffer.capacity();
    }

    public boolean isEmpty() {
        return records() == 0;
    }

    public void clear() {
        bytes = 0;
        records = 0;
    }

    /**
     * The encoded records, from position 0 to limit {@link #bytes()}. The view shares the batch's
     * buffer (no copy), so it is valid until the next change of the batch.
     */
    ByteBuffer payload() {
        return buffer.limit(bytes).position(0);
    }
}
