package io.countd.client;

import java.util.Arrays;

/**
 * The byte layouts of countd's two binary protocols ({@code format-spec/countd-protocol.md}),
 * little-endian throughout: the 520-byte write message and its 3-byte reply, the 272-byte ranked
 * read request and its response of 8-byte row count and 264-byte rows.
 */
final class Wire {
    static final int NAME_FIELD = 256;
    static final int MESSAGE_SIZE = 8 + 2 * NAME_FIELD;
    static final int REPLY_SIZE = 3;
    static final int REQUEST_SIZE = NAME_FIELD + 16;
    static final int ROW_SIZE = 8 + NAME_FIELD;
    static final int MAX_ROWS = 10_000;

    private Wire() {
    }

    /**
     * Checks that {@code name} fits a name field: at most 256 bytes and no NUL, which would cut
     * the name short on the server. An empty name is encodable; the server refuses it.
     */
    static void checkEncodable(byte[] name, String what) {
        if (name.length > NAME_FIELD) {
            throw new IllegalArgumentException(what + " has " + name.length + " bytes; names have at most 256");
        }
        for (byte b : name) {
            if (b == 0) {
                throw new IllegalArgumentException(what + " holds a NUL byte, which countd names never do");
            }
        }
    }

    /** Writes the message (increment, keyspace, key) at {@code buf[off..off+520)}, NUL-padded. */
    static void encodeMessage(long increment, byte[] keyspace, byte[] key, byte[] buf, int off) {
        putLong(buf, off, increment);
        putName(keyspace, buf, off + 8);
        putName(key, buf, off + 8 + NAME_FIELD);
    }

    static void encodeRequest(byte[] keyspace, long offset, long length, byte[] buf) {
        putName(keyspace, buf, 0);
        putLong(buf, NAME_FIELD, offset);
        putLong(buf, NAME_FIELD + 8, length);
    }

    private static void putName(byte[] name, byte[] buf, int off) {
        System.arraycopy(name, 0, buf, off, name.length);
        Arrays.fill(buf, off + name.length, off + NAME_FIELD, (byte) 0);
    }

    static void putLong(byte[] b, int off, long v) {
        for (int i = 0; i < 8; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }

    static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xFF);
        }
        return v;
    }

    /** The bytes of the field at {@code off} before its first NUL. */
    static byte[] name(byte[] buf, int off) {
        int n = 0;
        while (n < NAME_FIELD && buf[off + n] != 0) {
            n++;
        }
        return Arrays.copyOfRange(buf, off, off + n);
    }
}
