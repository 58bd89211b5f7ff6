package io.countd.engine;

import java.nio.ByteOrder;

/**
 * Everything a handle is opened with: the open mode bits (TC's numbering), the tuning used if the
 * file is created, how the file is accessed ({@code memoryMapped}: through a map of up to
 * {@code xmsiz} bytes and, past it, windows of {@code tailWindow} bytes, or through
 * positional reads and writes only), the application's codec for EXCODEC files, and the byte order
 * an existing file must have (null: any).
 */
record Settings(int omode, Tuning tuning, long xmsiz, boolean memoryMapped, long tailWindow, ValueCodec excodec,
        ByteOrder requiredOrder) {

    static final int READER = 1;
    static final int WRITER = 2;
    static final int CREAT = 4;
    static final int TRUNC = 8;
    static final int NOLCK = 16;
    static final int LCKNB = 32;
    static final int TSYNC = 64;
    /** Not TC's: open a file whose {@link UnsyncedMark} is another boot's. */
    static final int ACCEPT_UNSYNCED = 1 << 16;
    /** Not TC's: a writer creates the database in a file of nothing but zeros, as in an empty one. */
    static final int CREATE_OVER_ZEROS = 1 << 17;

    /** TC's default extra mapped size: 64 MiB. */
    static final long DEFAULT_XMSIZ = 64L << 20;

    /** The same settings, creating the file with {@code t}. */
    Settings withTuning(Tuning t) {
        return new Settings(omode, t, xmsiz, memoryMapped, tailWindow, excodec, requiredOrder);
    }
}
