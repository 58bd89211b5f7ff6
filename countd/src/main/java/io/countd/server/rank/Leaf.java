package io.countd.server.rank;

/**
 * A node holding entries (count, key) in rank order. Beside each key it keeps the key's
 * {@link RankOrder#prefix}: a search decides most comparisons without following the pointer to a
 * key's own array, which costs a cache miss per comparison in a large tree.
 */
public final class Leaf extends Node {
    private final long[] counts;
    private final long[] prefixes;
    private final byte[][] keys;

    /** Takes the arrays as they are: the caller gives them up and has checked their order. */
    Leaf(long[] counts, byte[][] keys) {
        this(counts, prefixes(keys, keys.length), keys);
    }

    /** As {@link #Leaf(long[], byte[][])}, with the keys' prefixes, computed by the caller. */
    Leaf(long[] counts, long[] prefixes, byte[][] keys) {
        this.counts = counts;
        this.prefixes = prefixes;
        this.keys = keys;
    }

    /** The prefixes of {@code keys[0..n)}. */
    static long[] prefixes(byte[][] keys, int n) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = RankOrder.prefix(keys[i]);
        }
        return p;
    }

    @Override
    public int level() {
        return 0;
    }

    @Override
    public long size() {
        return counts.length;
    }

    @Override
    public int width() {
        return counts.length;
    }

    public long count(int i) {
        return counts[i];
    }

    /** The key of entry {@code i}: the node's own array, which must not be modified. */
    public byte[] key(int i) {
        return keys[i];
    }

    /** The prefix of entry {@code i}'s key. */
    long prefix(int i) {
        return prefixes[i];
    }

    /** The index of the entry, or {@code -(insertion point) - 1} when it is absent. */
    int search(long count, byte[] key) {
        return search(counts, prefixes, keys, counts.length, count, key);
    }

    static int search(long[] counts, long[] prefixes, byte[][] keys, int n, long count, byte[] key) {
        long prefix = RankOrder.prefix(key);
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = RankOrder.compare(counts[mid], prefixes[mid], keys[mid], count, prefix, key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    int cost() {
        int cost = 0;
        for (byte[] k : keys) {
            cost += NodeLimits.entryCost(k.length);
        }
        return cost;
    }
}
