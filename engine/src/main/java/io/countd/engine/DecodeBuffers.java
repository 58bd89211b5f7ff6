package io.countd.engine;

import java.util.Arrays;

/**
 * The output buffers of the decoding codecs: a first guess at a decoded value's size, grown by
 * doubling, never beyond what a Java array can hold.
 */
final class DecodeBuffers {
    /** The largest array the JVM reliably allocates; no decoded value may exceed it. */
    static final int MAX_DECODED_SIZE = Integer.MAX_VALUE - 8;

    private DecodeBuffers() {
    }

    /** A first output buffer for decoding {@code storedSize} bytes, sized for typical ratios. */
    static byte[] forStored(int storedSize) {
        return new byte[Math.max(64, Math.min(storedSize, MAX_DECODED_SIZE / 4) * 4)];
    }

    /** {@code buf} with twice the room, or a failure if it already has the most a value may take. */
    static byte[] grow(byte[] buf) {
        if (buf.length >= MAX_DECODED_SIZE) {
            throw new TcException(TcError.MISC, "value too large for a Java array");
        }
        return Arrays.copyOf(buf, (int) Math.min(buf.length * 2L, MAX_DECODED_SIZE));
    }
}
