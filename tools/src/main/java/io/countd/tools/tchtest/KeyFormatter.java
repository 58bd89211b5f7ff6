package io.countd.tools.tchtest;

/**
 * Formats record numbers as {@code %08d} into reused arrays: the engine copies keys and values
 * into the file and keeps no reference to them.
 */
final class KeyFormatter {
    private final byte[][] byLength = new byte[12][];

    /** The decimal digits of a non-negative {@code n}, zero-padded to 8; valid until the next call. */
    byte[] format(int n) {
        int len = 8;
        for (long limit = 100_000_000L; n >= limit; limit *= 10) {
            len++;
        }
        byte[] b = byLength[len];
        if (b == null) {
            b = new byte[len];
            byLength[len] = b;
        }
        for (int p = len - 1; p >= 0; p--) {
            b[p] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return b;
    }
}
