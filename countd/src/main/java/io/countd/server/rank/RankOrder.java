package io.countd.server.rank;

import java.util.Arrays;

/** The rank order of entries: higher count first, then key ascending as unsigned bytes. */
public final class RankOrder {
    private RankOrder() {
    }

    /** Negative when (countA, keyA) ranks before (countB, keyB), 0 when they are the same entry. */
    public static int compare(long countA, byte[] keyA, long countB, byte[] keyB) {
        if (countA != countB) {
            return countA > countB ? -1 : 1;
        }
        return Arrays.compareUnsigned(keyA, keyB);
    }
}
