package io.countd.engine;

import java.nio.ByteBuffer;

/**
 * TC's variable-length integer ("vnum"): base-128 groups, least significant first, where every
 * byte but the last holds the one's complement of its group with the high bit set, and the last
 * byte holds its group as is (0x00..0x7F). It is not LEB128: 128 encodes as {@code ff 01}.
 *
 * <p>Record headers use it for key and value sizes, the free block pool region for offsets and
 * sizes. Stateless and thread-safe.
 */
final class Varint {
    /** The longest encoding of a 32-bit value. */
    static final int MAX_INT_LENGTH = 5;

    private Varint() {
    }

    /** The encoded length of a non-negative value. */
    static int length(long value) {
        int len = 1;
        while ((value >>>= 7) != 0) {
            len++;
        }
        return len;
    }

    /** Writes a non-negative value at {@code pos}; returns the position after it. */
    static int write(byte[] dst, int pos, long value) {
        if (value == 0) {
            dst[pos++] = 0;
            return pos;
        }
        while (value != 0) {
            int group = (int) (value & 0x7F);
            value >>>= 7;
            dst[pos++] = (byte) (value != 0 ? 0xFF - group : group);
        }
        return pos;
    }

    /**
     * Decodes a size of at most 5 bytes (a record's key or value size) from {@code buf} at
     * {@code pos}, reading no byte at or beyond {@code limit}. Returns the value in the low 56 bits
     * and the encoded length in the top 8 bits, or -1 if the encoding does not end within 5 bytes.
     * Packing both into one long keeps the record parser free of allocation.
     */
    static long read(ByteBuffer buf, int pos, int limit) {
        long value = 0;
        int shift = 0;
        int end = Math.min(limit, pos + MAX_INT_LENGTH);
        for (int i = pos; i < end; i++) {
            int b = buf.get(i) & 0xFF;
            if (b < 0x80) {
                return (value + ((long) b << shift)) | ((long) (i - pos + 1) << 56);
            }
            value += (long) (0xFF - b) << shift;
            shift += 7;
        }
        return -1;
    }

    /** Sequential decoding of 64-bit values, as the free block pool region holds them. */
    static final class Reader {
        private final ByteBuffer buf;
        private final int limit;
        private int pos;

        Reader(ByteBuffer buf, int pos, int limit) {
            this.buf = buf;
            this.pos = pos;
            this.limit = limit;
        }

        int position() {
            return pos;
        }

        /** The next value, or -1 if it is cut off by the limit or does not fit 63 bits. */
        long next() {
            long value = 0;
            int shift = 0;
            for (int i = pos; i < limit && shift < 64; i++) {
                int b = buf.get(i) & 0xFF;
                int group = b < 0x80 ? b : 0xFF - b;
                if (shift == 63 && group > 0) {
                    return -1;
                }
                value += (long) group << shift;
                if (b < 0x80) {
                    pos = i + 1;
                    return value;
                }
                shift += 7;
            }
            return -1;
        }
    }

    /** The value part of a {@link #read} result. */
    static long value(long packed) {
        return packed & 0x00FF_FFFF_FFFF_FFFFL;
    }

    /** The encoded length part of a {@link #read} result. */
    static int readLength(long packed) {
        return (int) (packed >>> 56);
    }
}
