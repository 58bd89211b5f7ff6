package io.countd.server.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The 520-byte write message of countd's write protocol (see {@code format-spec/countd-protocol.md}):
 * a signed 64-bit little-endian increment, then the keyspace and the key, each a 256-byte field
 * holding the name's bytes up to the first NUL.
 *
 * <p>A parsed message is a view over the caller's buffer: {@link #parse} fills this reusable
 * object and allocates nothing; the server parses straight from its network buffers. Not
 * thread-safe.
 */
public final class WriteMessage {
    /** Bytes in one message. */
    public static final int SIZE = 520;
    /** Bytes in each name field, and the longest name. */
    public static final int NAME_FIELD = 256;
    /** Offset of the keyspace field. */
    public static final int KEYSPACE_OFFSET = 8;
    /** Offset of the key field. */
    public static final int KEY_OFFSET = KEYSPACE_OFFSET + NAME_FIELD;

    private long increment;
    private int keyspaceLength;
    private int keyLength;

    /** Reads the message in {@code buf[0..SIZE)}. */
    public WriteMessage parse(byte[] buf) {
        return parse(Unpooled.wrappedBuffer(buf), 0);
    }

    /** Reads the message at {@code buf[index..index+SIZE)}, leaving the buffer's indexes alone. */
    public WriteMessage parse(ByteBuf buf, int index) {
        increment = buf.getLongLE(index);
        keyspaceLength = nameLength(buf, index + KEYSPACE_OFFSET);
        keyLength = nameLength(buf, index + KEY_OFFSET);
        return this;
    }

    /** The number of bytes before the first NUL of the 256-byte field at {@code index}. */
    private static int nameLength(ByteBuf buf, int index) {
        int nul = buf.indexOf(index, index + NAME_FIELD, (byte) 0);
        return nul < 0 ? NAME_FIELD : nul - index;
    }

    /** The number of bytes before the first NUL of the field at {@code offset}, at most 256. */
    static int nameLength(byte[] buf, int offset) {
        return nameLength(Unpooled.wrappedBuffer(buf), offset);
    }

    public long increment() {
        return increment;
    }

    public int keyspaceLength() {
        return keyspaceLength;
    }

    public int keyLength() {
        return keyLength;
    }

    /** Whether the message is refused ({@code ERR}): its keyspace or key is empty. */
    public boolean rejected() {
        return keyspaceLength == 0 || keyLength == 0;
    }

    /** Fills {@code buf[0..SIZE)} with a message; names are NUL-padded. For clients and tests. */
    public static void encode(long increment, byte[] keyspace, byte[] key, byte[] buf) {
        if (keyspace.length > NAME_FIELD || key.length > NAME_FIELD) {
            throw new IllegalArgumentException("names are at most " + NAME_FIELD + " bytes");
        }
        java.util.Arrays.fill(buf, 0, SIZE, (byte) 0);
        LittleEndian.putLong(buf, 0, increment);
        System.arraycopy(keyspace, 0, buf, KEYSPACE_OFFSET, keyspace.length);
        System.arraycopy(key, 0, buf, KEY_OFFSET, key.length);
    }
}
