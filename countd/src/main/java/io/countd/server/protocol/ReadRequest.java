package io.countd.server.protocol;

/**
 * The 272-byte ranked-read request of countd's read protocol: a 256-byte NUL-padded keyspace,
 * then the offset and the length in ranks, each an unsigned 64-bit little-endian integer.
 *
 * <p>Reusable: {@link #parse} fills this object from the caller's buffer and allocates nothing.
 * Not thread-safe.
 */
public final class ReadRequest {
    /** Bytes in one request. */
    public static final int SIZE = 272;
    /** Most rows one request may ask for; a longer length is answered with an error. */
    public static final int MAX_ROWS = 10_000;

    private static final int OFFSET_FIELD = WriteMessage.NAME_FIELD;
    private static final int LENGTH_FIELD = OFFSET_FIELD + 8;

    private int keyspaceLength;
    private long offset;
    private long length;

    /** Reads the request in {@code buf[0..SIZE)}; the keyspace stays in {@code buf[0..keyspaceLength)}. */
    public ReadRequest parse(byte[] buf) {
        keyspaceLength = WriteMessage.nameLength(buf, 0);
        offset = LittleEndian.getLong(buf, OFFSET_FIELD);
        length = LittleEndian.getLong(buf, LENGTH_FIELD);
        return this;
    }

    public int keyspaceLength() {
        return keyspaceLength;
    }

    /** The first rank asked for, as an unsigned value: a negative long is beyond every rank. */
    public long offset() {
        return offset;
    }

    /** The number of ranks asked for, as an unsigned value. */
    public long length() {
        return length;
    }

    /** Why the request cannot be answered, or null when it can. */
    public String problem() {
        if (keyspaceLength == 0) {
            return "empty keyspace name";
        }
        if (Long.compareUnsigned(length, MAX_ROWS) > 0) {
            return "length " + Long.toUnsignedString(length) + " exceeds " + MAX_ROWS + " rows";
        }
        return null;
    }

    /** Fills {@code buf[0..SIZE)} with a request. For clients and tests. */
    public static void encode(byte[] keyspace, long offset, long length, byte[] buf) {
        if (keyspace.length > WriteMessage.NAME_FIELD) {
            throw new IllegalArgumentException("names are at most " + WriteMessage.NAME_FIELD + " bytes");
        }
        java.util.Arrays.fill(buf, 0, SIZE, (byte) 0);
        System.arraycopy(keyspace, 0, buf, 0, keyspace.length);
        LittleEndian.putLong(buf, OFFSET_FIELD, offset);
        LittleEndian.putLong(buf, LENGTH_FIELD, length);
    }
}
