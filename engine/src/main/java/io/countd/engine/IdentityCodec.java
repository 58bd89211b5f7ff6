package io.countd.engine;

import java.util.Arrays;

/** {@link ValueCodec#identity()}: values are stored as they are. Stateless and thread-safe. */
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
