package io.countd.engine;

import java.nio.ByteBuffer;

/**
 * What a record is made of before it is written: its secondary hash, its child links, its key and
 * its value as stored (already encoded for compressed files). It lays the record out in TC's
 * format: magic 0xC8, the hash byte, the left and right links in alignment units, the padding
 * size, the key and value sizes as TC varints, the key, the value, then zeros.
 *
 * <p>Mutable and reused: each writer part holds one and refills it with {@link #of} per record,
 * so that writing a record allocates nothing.
 */
final class RecordImage {
    int hash;
    long left;
    long right;
    byte[] key;
    byte[] value;

    /** Refills this image; returns it. */
    RecordImage of(int hash, long left, long right, byte[] key, byte[] value) {
        this.hash = hash;
        this.left = left;
        this.right = right;
        this.key = key;
        this.value = value;
        return this;
    }

    /** The size of a record's header for the given link width and key and value sizes. */
    static int headerSize(int width, int ksiz, int vsiz) {
        return 2 + 2 * width + 2 + Varint.length(ksiz) + Varint.length(vsiz);
    }

    /** Header, key and value: the bytes this record needs before padding. */
    long need(int width) {
        return (long) headerSize(width, key.length, value.length) + key.length + value.length;
    }

    /**
     * Writes this record as a block of {@code size} bytes at {@code pos} of {@code dst}, whose
     * byte order is the file's; {@code psiz} is the padding the header records.
     */
    void encode(ByteBuffer dst, int pos, int size, int psiz, int width, int apow) {
        byte[] raw = dst.array();
        raw[pos] = (byte) Block.MAGIC_RECORD;
        raw[pos + 1] = (byte) hash;
        int p;
        if (width == 8) {
            dst.putLong(pos + 2, left >>> apow);
            dst.putLong(pos + 10, right >>> apow);
            p = pos + 18;
        } else {
            dst.putInt(pos + 2, (int) (left >>> apow));
            dst.putInt(pos + 6, (int) (right >>> apow));
            p = pos + 10;
        }
        dst.putShort(p, (short) psiz);
        p = Varint.write(raw, p + 2, key.length);
        p = Varint.write(raw, p, value.length);
        System.arraycopy(key, 0, raw, p, key.length);
        p += key.length;
        System.arraycopy(value, 0, raw, p, value.length);
        p += value.length;
        java.util.Arrays.fill(raw, p, pos + size, (byte) 0);
    }
}
