package io.countd.server.log;

import java.nio.ByteBuffer;

/** Unsigned LEB128 varints and zigzag mapping of the record format. */
final class Varints {
    private Varints() {
    }

    /** The bytes {@code v}, read as unsigned, takes when encoded. */
    static int size(long v) {
        return (63 - Long.numberOfLeadingZeros(v | 1)) / 7 + 1;
    }

    /** Encodes {@code v} (unsigned) at {@code at}; returns the index after it. */
    static int put(ByteBuffer b, int at, long v) {
        while ((v & ~0x7FL) != 0) {
            b.put(at++, (byte) (v | 0x80));
            v >>>= 7;
        }
        b.put(at++, (byte) v);
        return at;
    }

    static long zigzag(long n) {
        return (n << 1) ^ (n >> 63);
    }

    static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }
}
