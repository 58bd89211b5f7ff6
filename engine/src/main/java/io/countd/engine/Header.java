package io.countd.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The 256-byte file header: its layout, the detection of the file's byte order, the validation
 * TC applies at open, and the 128-byte "meta dump" TC rewrites at close, sync, copy and
 * transaction boundaries. Instances are mutable value holders owned by one database handle.
 */
final class Header {
    static final int SIZE = 256;
    /** The prefix of the header that a meta dump rewrites; the rest is the application's opaque area. */
    static final int META_SIZE = 128;
    static final int OFF_TYPE = 32;
    static final int OFF_FLAGS = 33;
    static final int OFF_APOW = 34;
    static final int OFF_FPOW = 35;
    static final int OFF_OPTS = 36;
    static final int OFF_BNUM = 40;
    static final int OFF_RNUM = 48;
    static final int OFF_FSIZ = 56;
    static final int OFF_FREC = 64;
    static final int OFF_OPAQUE = 128;

    static final int FLAG_OPEN = 1;
    static final int FLAG_FATAL = 2;

    static final int TYPE_HASH = 0;
    static final int MAX_APOW = 16;
    static final int MAX_FPOW = 20;
    /** The fixed part of the free block pool region; each pool slot adds 4 bytes. */
    static final int FBP_BASE = 64;

    private static final byte[] MAGIC = "ToKyO CaBiNeT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VERSION_TEXT = "ToKyO CaBiNeT\n1.0:911\n".getBytes(StandardCharsets.US_ASCII);

    int type;
    int flags;
    int apow;
    int fpow;
    int opts;
    long bnum;
    long rnum;
    long fsiz;
    long frec;

    /** Sets or clears a flag bit ({@link #FLAG_OPEN}, {@link #FLAG_FATAL}). */
    void setFlag(int flag, boolean on) {
        flags = on ? flags | flag : flags & ~flag;
    }

    void setRecordCount(long rnum) {
        this.rnum = rnum;
    }

    void setFileSize(long fsiz) {
        this.fsiz = fsiz;
    }

    /** Sets where records start and end: for a header that stands in for a damaged one. */
    void setRecordSection(long frec, long fsiz) {
        this.frec = frec;
        this.fsiz = fsiz;
    }

    /** Bytes per bucket entry and record link: 8 with the LARGE option, else 4. */
    int width() {
        return (opts & Option.LARGE.bit()) != 0 ? 8 : 4;
    }

    /** The offset of the free block pool region: the end of the bucket array. */
    long msiz() {
        return SIZE + bnum * width();
    }

    /** The header of a new, empty file with the given (already clamped) tuning. */
    static Header create(long bnum, int apow, int fpow, int opts) {
        Header h = new Header();
        h.type = TYPE_HASH;
        h.apow = apow;
        h.fpow = fpow;
        h.opts = opts;
        h.bnum = bnum;
        long end = h.msiz() + FBP_BASE + 4L * (1L << fpow);
        h.frec = end + Layout.padding(end, 1 << apow);
        h.fsiz = h.frec;
        return h;
    }

    /** Reads the fields of a header in the given byte order. */
    static Header decode(byte[] bytes, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
        Header h = new Header();
        h.type = bytes[OFF_TYPE] & 0xFF;
        h.flags = bytes[OFF_FLAGS] & 0xFF;
        h.apow = bytes[OFF_APOW] & 0xFF;
        h.fpow = bytes[OFF_FPOW] & 0xFF;
        h.opts = bytes[OFF_OPTS] & 0xFF;
        h.bnum = b.getLong(OFF_BNUM);
        h.rnum = b.getLong(OFF_RNUM);
        h.fsiz = b.getLong(OFF_FSIZ);
        h.frec = b.getLong(OFF_FREC);
        return h;
    }

    /**
     * Writes the meta dump (bytes 0..127: magic and version text, type, flags, tuning, counters,
     * zeros elsewhere) into {@code dst} at {@code pos}.
     */
    void dumpMeta(ByteBuffer dst, int pos) {
        for (int i = 0; i < META_SIZE; i++) {
            dst.put(pos + i, (byte) 0);
        }
        dst.put(pos, VERSION_TEXT);
        dst.put(pos + OFF_TYPE, (byte) type);
        dst.put(pos + OFF_FLAGS, (byte) flags);
        dst.put(pos + OFF_APOW, (byte) apow);
        dst.put(pos + OFF_FPOW, (byte) fpow);
        dst.put(pos + OFF_OPTS, (byte) opts);
        dst.putLong(pos + OFF_BNUM, bnum);
        dst.putLong(pos + OFF_RNUM, rnum);
        dst.putLong(pos + OFF_FSIZ, fsiz);
        dst.putLong(pos + OFF_FREC, frec);
    }

    /** Whether the header starts with TC's magic. */
    static boolean hasMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * TC's own open-time checks (first-record offset after the pool base, within the logical
     * size, and a physical file at least that long) plus the ones this engine adds so that a
     * damaged header can never drive it out of bounds: a known type, tuning within TC's limits, a
     * non-zero bucket count, and no more records than the record section can hold (TC accepts any
     * count, and one more insertion into a count of 2^63-1 would wrap it negative).
     */
    boolean isPlausible(long physicalSize) {
        if (type != TYPE_HASH || apow > MAX_APOW || fpow > MAX_FPOW || bnum < 1 || bnum > (1L << 40)) {
            return false;
        }
        return passesTcChecks(physicalSize) && rnum >= 0 && rnum <= (fsiz - frec) / minRecordSize();
    }

    /**
     * TC's own checks at open, in its unsigned 64-bit arithmetic (the end of the bucket array may
     * wrap around): a hash database whose first record lies after the pool base and within the
     * logical size, in a file at least that long. The magic is checked apart ({@link #hasMagic}).
     */
    boolean passesTcChecks(long physicalSize) {
        return type == TYPE_HASH && Long.compareUnsigned(frec, msiz() + FBP_BASE) >= 0
                && Long.compareUnsigned(frec, fsiz) <= 0 && Long.compareUnsigned(physicalSize, fsiz) >= 0;
    }

    /** The smallest record: header with one-byte sizes, empty key and value. */
    int minRecordSize() {
        return 2 + 2 * width() + 2 + 1 + 1;
    }

    /** Whether frec is exactly where TC puts it for this tuning; a tie-breaker for order detection. */
    boolean hasCanonicalFrec() {
        long end = msiz() + FBP_BASE + 4L * (1L << fpow);
        return frec == end + Layout.padding(end, 1 << apow);
    }

    /**
     * Detects the byte order of an existing file's header: the order in which the header passes
     * validation. Returns null if neither does.
     */
    static ByteOrder detectOrder(byte[] bytes, long physicalSize) {
        Header be = decode(bytes, ByteOrder.BIG_ENDIAN);
        Header le = decode(bytes, ByteOrder.LITTLE_ENDIAN);
        boolean beOk = be.isPlausible(physicalSize);
        boolean leOk = le.isPlausible(physicalSize);
        if (beOk && leOk) {
            if (le.hasCanonicalFrec() && !be.hasCanonicalFrec()) {
                return ByteOrder.LITTLE_ENDIAN;
            }
            return ByteOrder.BIG_ENDIAN;
        }
        if (beOk) {
            return ByteOrder.BIG_ENDIAN;
        }
        return leOk ? ByteOrder.LITTLE_ENDIAN : null;
    }
}
