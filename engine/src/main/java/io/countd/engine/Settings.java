package io.countd.engine;

import java.nio.ByteOrder;

/**
 * Everything a handle is opened with: the open mode bits (TC's numbering), the tuning and byte
 * order used if the file is created, the byte order an existing file must have (null: any), and
 * how the file is accessed ({@code memoryMapped}: through a map of up to {@code xmsiz} bytes, or
 * through positional reads and writes only). Tuning values are TC's raw requests;
 * {@link #normalized()} applies TC's defaults and limits.
 */
record Settings(int omode, long bnum, int apow, int fpow, int opts, ByteOrder order, long xmsiz, boolean memoryMapped,
        int dfunit, ValueCodec excodec, ByteOrder requiredOrder) {

    static final int READER = 1;
    static final int WRITER = 2;
    static final int CREAT = 4;
    static final int TRUNC = 8;
    static final int NOLCK = 16;
    static final int LCKNB = 32;
    static final int TSYNC = 64;

    /** TC's default extra mapped size: 64 MiB. */
    static final long DEFAULT_XMSIZ = 64L << 20;

    /** The same tuning with TC's defaults and clamps applied, as {@code tchdbtune} does. */
    Settings normalized() {
        long b = BucketCount.round(bnum);
        int a = apow >= 0 ? Math.min(apow, Header.MAX_APOW) : 4;
        int f = fpow >= 0 ? Math.min(fpow, Header.MAX_FPOW) : 10;
        return new Settings(omode, b, a, f, opts & 0xFF, order, xmsiz, memoryMapped, dfunit, excodec, requiredOrder);
    }

    /** The same settings, re-creating a file with the given tuning and byte order. */
    Settings forRecreation(long b, int a, int f, int o, ByteOrder byteOrder) {
        return new Settings(omode, b, a, f, o, byteOrder, xmsiz, memoryMapped, dfunit, excodec, requiredOrder);
    }
}
