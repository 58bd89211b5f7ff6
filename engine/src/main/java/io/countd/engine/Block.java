package io.countd.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One block of the record section as read from the file: a record (magic 0xC8: secondary hash,
 * left and right child links, padding size, key and value sizes as TC varints, key, value,
 * padding) or a free block (magic 0xB0 and its size).
 *
 * <p>A block is parsed from the first "read unit" of bytes at its offset, like TC does: straight
 * from the memory map when the range is mapped (no copy), else from a scratch buffer filled with a
 * positional read. {@link #buf}, {@link #base} and {@link #avail} say where those bytes are; a key
 * or value beyond them must be read from the file.
 *
 * <p>Mutable scratch: each thread (or the single writer) owns its own instances.
 */
final class Block {
    static final int MAGIC_RECORD = 0xC8;
    static final int MAGIC_FREE = 0xB0;
    /** Magic plus a 4-byte size: the smallest readable block. */
    static final int MIN_SIZE = 5;

    long off;
    /** The whole block's size, padding included. */
    long size;
    int magic;
    int hash;
    long left;
    long right;
    int psiz;
    int ksiz;
    int vsiz;
    int hsiz;

    ByteBuffer buf;
    int base;
    int avail;

    final ByteBuffer scratch;
    /** Guards a walk that this block is used for against looping links. */
    final LoopGuard guard = new LoopGuard();
    private byte[] keyCopy = new byte[64];

    Block(int readUnit, ByteOrder order) {
        // Direct: the JDK reads into a heap buffer through a temporary direct one and a copy, a
        // cost per record read past the map.
        this.scratch = ByteBuffer.allocateDirect(readUnit).order(order);
    }

    /** Points this block at the bytes {@code buf[base, base+avail)} that were read at file offset {@code off}. */
    void viewAt(long off, ByteBuffer buf, int base, int avail) {
        this.off = off;
        this.buf = buf;
        this.base = base;
        this.avail = avail;
    }

    /**
     * Drops the whole alignment units of this record's padding, as defragmentation does when it
     * moves the record; returns how many bytes the block shrank by.
     */
    int cutPadding(int align) {
        if (psiz < align) {
            return 0;
        }
        int cut = psiz - psiz % align;
        psiz -= cut;
        size -= cut;
        return cut;
    }

    boolean isRecord() {
        return magic == MAGIC_RECORD;
    }

    /** Whether the whole key is among the bytes already read. */
    boolean keyInBuffer() {
        return hsiz + ksiz <= avail;
    }

    /** Whether the whole value is among the bytes already read. */
    boolean valueInBuffer() {
        return hsiz + ksiz + vsiz <= avail;
    }

    long keyOffset() {
        return off + hsiz;
    }

    long valueOffset() {
        return off + hsiz + ksiz;
    }

    /** A reusable array of at least {@code n} bytes for a key read from the file. */
    byte[] keyBuffer(int n) {
        if (keyCopy.length < n) {
            keyCopy = new byte[Math.max(n, keyCopy.length * 2)];
        }
        return keyCopy;
    }

    /**
     * Parses the bytes at {@code buf[base, base+avail)} as the block at {@link #off}. Returns null on
     * success, or the reason the bytes are not a valid block of a file of logical size
     * {@code fsiz}.
     */
    String parse(int width, int apow, long fsiz) {
        // Locals, the sizes and the messages in methods of their own keep each part under the
        // JIT's size limit for inlining a hot method: this runs for every record a lookup passes.
        ByteBuffer b = buf;
        int at = base;
        int m = b.get(at) & 0xFF;
        magic = m;
        if (m == MAGIC_FREE) {
            long s = Integer.toUnsignedLong(b.getInt(at + 1));
            size = s;
            return s < MIN_SIZE || off + s > fsiz ? freeBlockTooLarge() : null;
        }
        if (m != MAGIC_RECORD) {
            return badMagic();
        }
        int fixed = 2 + 2 * width + 2;
        if (fixed + 2 > avail) {
            return headerTruncated();
        }
        hash = b.get(at + 1) & 0xFF;
        if (width == 8) {
            left = b.getLong(at + 2) << apow;
            right = b.getLong(at + 10) << apow;
        } else {
            left = Integer.toUnsignedLong(b.getInt(at + 2)) << apow;
            right = Integer.toUnsignedLong(b.getInt(at + 6)) << apow;
        }
        psiz = b.getShort(at + fixed - 2) & 0xFFFF;
        return parseSizes(b, at, at + fixed, fsiz);
    }

    /** The key and value sizes that follow a record header's fixed part at {@code from}, and the record's size. */
    private String parseSizes(ByteBuffer b, int at, int from, long fsiz) {
        int limit = at + avail;
        long k = Varint.read(b, from, limit);
        if (k < 0 || Varint.value(k) > Integer.MAX_VALUE) {
            return badSize("key");
        }
        int p = from + Varint.readLength(k);
        long v = Varint.read(b, p, limit);
        if (v < 0 || Varint.value(v) > Integer.MAX_VALUE) {
            return badSize("value");
        }
        int ks = (int) Varint.value(k);
        int vs = (int) Varint.value(v);
        int hs = p + Varint.readLength(v) - at;
        ksiz = ks;
        vsiz = vs;
        hsiz = hs;
        long s = (long) hs + ks + vs + psiz;
        size = s;
        return off + s > fsiz ? recordTooLarge() : null;
    }

    private String headerTruncated() {
        return "record header truncated at offset " + off;
    }

    private String badSize(String what) {
        return "bad " + what + " size at offset " + off;
    }

    private String freeBlockTooLarge() {
        return "free block of size " + size + " at offset " + off + " exceeds the file";
    }

    private String badMagic() {
        return "bad magic 0x" + Integer.toHexString(magic) + " at offset " + off;
    }

    private String recordTooLarge() {
        return "record of size " + size + " at offset " + off + " exceeds the file";
    }
}
