package io.countd.server.rank;

import java.util.Arrays;

/** The rank order of entries: higher count first, then key ascending as unsigned bytes. */
public final class RankOrder {
    private RankOrder() {
    }

    /**
     * The first 8 bytes of {@code key}, big-endian, zero-padded: where two keys' prefixes differ,
     * their unsigned order is the keys' order (a key that ends first is padded with zeros, and is
     * then either a prefix of the other, so smaller, or smaller at that byte), so a search compares
     * one long held beside the count and reads the key itself only when the prefixes are equal.
     */
    public static long prefix(byte[] key) {
        long p = 0;
        int n = Math.min(8, key.length);
        for (int i = 0; i < n; i++) {
            p |= (key[i] & 0xFFL) << (56 - 8 * i);
        }
        return p;
    }

    /** {@link #compare(long, byte[], long, byte[])} given each key's {@link #prefix}. */
    static int compare(long countA, long prefixA, byte[] keyA, long countB, long prefixB, byte[] keyB) {
        if (countA != countB) {
            return countA > countB ? -1 : 1;
        }
        if (prefixA != prefixB) {
            return Long.compareUnsigned(prefixA, prefixB);
        }
        return Arrays.compareUnsigned(keyA, keyB);
    }

    /** Negative when (countA, keyA) ranks before (countB, keyB), 0 when they are the same entry. */
    public static int compare(long countA, byte[] keyA, long countB, byte[] keyB) {
        if (countA != countB) {
            return countA > countB ? -1 : 1;
        }
        return Arrays.compareUnsigned(keyA, keyB);
    }
}
