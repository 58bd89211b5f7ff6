package io.countd.server.rank;

/**
 * The entries that move in one apply, given to a {@link TreeBatch} in rank order of count (higher
 * first), so that updates in a row meet the same few leaves while they are in the processor's
 * caches, where one by one, in the order the keys came, each would fetch its leaf from memory.
 * The order is only for speed: any order gives the same entries. Ordering the keys of one count
 * too (by their first bytes) cost more than it saved: with counts spread as countd bench spreads
 * them, one count's leaves fit in the caches anyway.
 *
 * <p>Every removal goes before every insertion, so that an entry that moves goes back in with the
 * key array the tree held for it rather than the caller's copy: the new tree then shares its keys
 * with the old one, and an apply leaves no new key array to outlive it but those of new keys
 * (which the collector would otherwise copy, about as many bytes as the rewritten leaves).
 *
 * <p><b>Threads:</b> not thread-safe; one thread fills and applies it.
 */
public final class RankMoves {
    /**
     * At most this many groups of counts (fewer for few updates): wider spans of counts share
     * groups, 2^k counts each.
     */
    private static final int GROUPS = 1 << 16;

    private final long[] counts;
    private final byte[][] keys;
    /** Bit i set: update i inserts; clear: it removes. */
    private final long[] inserts;
    private int n;

    /** Room for {@code moves} moves. */
    public RankMoves(int moves) {
        counts = new long[2 * moves];
        keys = new byte[2 * moves][];
        inserts = new long[(2 * moves + 63) >>> 6];
    }

    /**
     * The entry of {@code key} moves from count {@code from} to {@code to}; 0 means none. A key
     * moves at most once in one apply (moved twice, its updates could meet out of order).
     */
    public void move(long from, long to, byte[] key) {
        if (from != 0) {
            counts[n] = from;
            keys[n++] = key;
        }
        if (to != 0) {
            inserts[n >>> 6] |= 1L << n;
            counts[n] = to;
            keys[n++] = key;
        }
    }

    /** Removes and inserts every moved entry in {@code batch}, grouped by count. */
    public void applyTo(TreeBatch batch) {
        if (n == 0) {
            return;
        }
        long max = Long.MIN_VALUE;
        long min = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, counts[i]);
            min = Math.min(min, counts[i]);
        }
        int groups = Math.min(GROUPS, Math.max(64, Integer.highestOneBit(n) * 2));
        int shift = 0;
        while (Long.compareUnsigned((max - min) >>> shift, groups) >= 0) {
            shift++;
        }
        int[] start = new int[(int) ((max - min) >>> shift) + 2];
        for (int i = 0; i < n; i++) {
            start[(int) ((max - counts[i]) >>> shift) + 1]++;
        }
        for (int g = 1; g < start.length; g++) {
            start[g] += start[g - 1];
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[start[(int) ((max - counts[i]) >>> shift)]++] = i;
        }
        for (int i : order) {
            if ((inserts[i >>> 6] & 1L << i) == 0) {
                byte[] removed = keys[i];
                byte[] held = batch.remove(counts[i], removed);
                // The same move's insertion follows its removal and holds the same array: a key
                // moves once, so no other update holds it.
                int next = i + 1;
                if (next < n && keys[next] == removed) {
                    keys[next] = held;
                }
            }
        }
        for (int i : order) {
            if ((inserts[i >>> 6] & 1L << i) != 0) {
                batch.insert(counts[i], keys[i]);
            }
        }
    }
}
