package io.countd.server.store;

import io.countd.server.protocol.LittleEndian;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The record keys and values of a keyspace file other than the rank nodes' contents. User keys
 * never hold NUL, so every internal record has a key starting with 0x00:
 * {@code \0meta}, {@code \0name}, {@code \0mark} + stream (u32 big-endian) and {@code \0node} + id
 * (u64 big-endian). A counter is the user key with its count as 8 bytes, little-endian, as TC's own
 * integer records are.
 */
final class KeyspaceRecords {
    static final byte[] META = {0, 'm', 'e', 't', 'a'};
    static final byte[] NAME = {0, 'n', 'a', 'm', 'e'};
    private static final byte[] MARK = {0, 'm', 'a', 'r', 'k'};
    private static final byte[] NODE = {0, 'n', 'o', 'd', 'e'};

    private KeyspaceRecords() {
    }

    static byte[] markKey(int stream) {
        return ByteBuffer.allocate(MARK.length + 4).put(MARK).putInt(stream).array();
    }

    static byte[] nodeKey(long id) {
        return ByteBuffer.allocate(NODE.length + 8).put(NODE).putLong(id).array();
    }

    /** Whether {@code key} is a mark's: {@code \0mark} and 4 bytes of stream. */
    static boolean isMarkKey(byte[] key) {
        return key.length == MARK.length + 4 && Arrays.equals(key, 0, MARK.length, MARK, 0, MARK.length);
    }

    /** Whether {@code key} is a rank node's: {@code \0node} and 8 bytes of id. */
    static boolean isNodeKey(byte[] key) {
        return key.length == NODE.length + 8 && Arrays.equals(key, 0, NODE.length, NODE, 0, NODE.length);
    }

    /** The id in a node's key (see {@link #isNodeKey}). */
    static long nodeId(byte[] key) {
        return ByteBuffer.wrap(key, NODE.length, 8).getLong();
    }

    /** {@code count} encoded into {@code value}, an 8-byte array of the caller's, which it returns. */
    static byte[] encodeCount(long count, byte[] value) {
        LittleEndian.putLong(value, 0, count);
        return value;
    }

    /** The count of a counter record; a record exists only for a non-zero count. */
    static long decodeCount(byte[] key, byte[] value) {
        if (value.length != 8) {
            throw new DamagedRecordException("counter " + HexFormat.of().formatHex(key) + " has a " + value.length
                    + "-byte value, not 8");
        }
        long count = LittleEndian.getLong(value, 0);
        if (count == 0) {
            throw new DamagedRecordException("counter " + HexFormat.of().formatHex(key) + " holds 0");
        }
        return count;
    }

    static byte[] encodePosition(long position) {
        return ByteBuffer.allocate(8).putLong(0, position).array();
    }

    static long decodePosition(int stream, byte[] value) {
        if (value.length != 8) {
            throw new DamagedRecordException("the mark of stream " + stream + " has " + value.length + " bytes, not 8");
        }
        return ByteBuffer.wrap(value).getLong(0);
    }
}
