package io.countd.engine;

import java.util.Arrays;

/**
 * The codec Debian's tchmgr and tchtest register for EXCODEC files (their build has no LZMA or
 * LZO): values are stored as they are.
 */
enum IdentityCodec implements ValueCodec {
    INSTANCE;

    @Override
    public byte[] encode(byte[] src, int off, int len) {
        return Arrays.copyOfRange(src, off, off + len);
    }

    @Override
    public byte[] decode(byte[] src, int off, int len) {
        return Arrays.copyOfRange(src, off, off + len);
    }
}
