package io.countd.server.rank;

/** A node holding entries (count, key) in rank order. */
public final class Leaf extends Node {
    private final long[] counts;
    private final byte[][] keys;

    /** Takes the arrays as they are: the caller gives them up and has checked their order. */
    Leaf(long[] counts, byte[][] keys) {
        this.counts = counts;
        this.keys = keys;
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

    /** The index of the entry, or {@code -(insertion point) - 1} when it is absent. */
    int search(long count, byte[] key) {
        return search(counts, keys, counts.length, count, key);
    }

    static int search(long[] counts, byte[][] keys, int n, long count, byte[] key) {
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = RankOrder.compare(counts[mid], keys[mid], count, key);
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
