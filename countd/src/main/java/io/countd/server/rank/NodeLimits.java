package io.countd.server.rank;

/**
 * How big a node may be. Every item of a node has a cost close to its encoded size, never below
 * {@link #ITEM_FLOOR}: a leaf entry costs {@code max(32, 10 + key length)}, a branch child
 * {@code max(32, 27 + separator key length)}, and a branch's first child, which stores no
 * separator, 32. A node's cost is the sum over its items; it never exceeds {@link #CAPACITY}, which
 * bounds both its encoded size (about 4 KiB) and its width (128), and a node other than the root
 * never falls below {@link #MIN_FILL}. Costs add up exactly, which is what makes {@link #cuts}
 * provably produce nodes within both bounds.
 */
final class NodeLimits {
    static final int CAPACITY = 4096;
    static final int MIN_FILL = CAPACITY / 4;
    static final int ITEM_FLOOR = 32;
    static final int MAX_KEY = 256;
    /** The dearest item: a branch child whose separator has a 256-byte key. */
    static final int MAX_ITEM = 27 + MAX_KEY;
    /** The most items a node can hold: each costs at least the floor. */
    static final int MAX_WIDTH = CAPACITY / ITEM_FLOOR;
    /** Far above any real tree (each level below the root multiplies the keys by at least 4). */
    static final int MAX_HEIGHT = 48;

    private NodeLimits() {
    }

    static int entryCost(int keyLength) {
        return Math.max(ITEM_FLOOR, 10 + keyLength);
    }

    /** The cost of a branch child with this separator key; null for a first child. */
    static int childCost(byte[] separatorKey) {
        return separatorKey == null ? ITEM_FLOOR : Math.max(ITEM_FLOOR, 27 + separatorKey.length);
    }

    /**
     * Where to cut a run of items of the given costs (summing to {@code total}) into nodes: the
     * returned {@code k + 1} boundaries start at 0 and end at {@code costs.length}. One node when
     * the total fits; otherwise the fewest nodes of at most {@code CAPACITY - MAX_ITEM} on average,
     * each item going to the node its cost midpoint falls in, so every node is within
     * {@code MAX_ITEM} of the average: under {@code CAPACITY}, and above {@code MIN_FILL} since the
     * average is then at least about 1,900.
     */
    static int[] cuts(int[] costs, int n, long total) {
        if (total <= CAPACITY) {
            return new int[] {0, n};
        }
        int k = (int) ((total + CAPACITY - MAX_ITEM - 1) / (CAPACITY - MAX_ITEM));
        int[] bounds = new int[k + 1];
        bounds[k] = n;
        long prefix = 0;
        int piece = 0;
        for (int j = 0; j < n; j++) {
            int target = (int) (((2 * prefix + costs[j]) * k) / (2 * total));
            while (piece < target) {
                bounds[++piece] = j;
            }
            prefix += costs[j];
        }
        for (int p = 0; p < k; p++) {
            if (bounds[p] >= bounds[p + 1]) {
                throw new IllegalStateException("empty piece when cutting " + n + " items of total cost " + total);
            }
        }
        return bounds;
    }
}
