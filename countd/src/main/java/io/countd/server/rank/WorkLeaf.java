package io.countd.server.rank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A leaf being changed by a batch. */
final class WorkLeaf extends WorkNode {
    long[] counts;
    /** The keys' {@link RankOrder#prefix}es, kept in step with {@link #keys}. */
    long[] prefixes;
    byte[][] keys;
    int n;
    private int cost;

    WorkLeaf(long id, boolean fresh, int capacity) {
        super(id, fresh);
        counts = new long[capacity];
        prefixes = new long[capacity];
        keys = new byte[capacity][];
    }

    /**
     * Room for every entry a leaf can reach before it splits (its width can pass
     * {@link NodeLimits#MAX_WIDTH} by one, the insertion that makes it split): a working copy
     * sized to its leaf grew, and copied its arrays, once or twice in a batch that adds keys.
     */
    private static final int ROOM = NodeLimits.MAX_WIDTH + 1;

    static WorkLeaf copyOf(long id, Leaf leaf) {
        int n = leaf.width();
        WorkLeaf w = new WorkLeaf(id, false, Math.max(ROOM, n));
        for (int i = 0; i < n; i++) {
            w.counts[i] = leaf.count(i);
            w.prefixes[i] = leaf.prefix(i);
            w.keys[i] = leaf.key(i);
        }
        w.n = n;
        w.cost = leaf.cost();
        return w;
    }

    @Override
    int level() {
        return 0;
    }

    @Override
    int width() {
        return n;
    }

    @Override
    long size() {
        return n;
    }

    @Override
    int cost() {
        return cost;
    }

    int search(long count, byte[] key) {
        return Leaf.search(counts, prefixes, keys, n, count, key);
    }

    void insertAt(int at, long count, byte[] key) {
        if (n == counts.length) {
            int grown = Math.max(8, n + (n >> 1));
            counts = Arrays.copyOf(counts, grown);
            prefixes = Arrays.copyOf(prefixes, grown);
            keys = Arrays.copyOf(keys, grown);
        }
        System.arraycopy(counts, at, counts, at + 1, n - at);
        System.arraycopy(prefixes, at, prefixes, at + 1, n - at);
        System.arraycopy(keys, at, keys, at + 1, n - at);
        counts[at] = count;
        prefixes[at] = RankOrder.prefix(key);
        keys[at] = key;
        n++;
        cost += NodeLimits.entryCost(key.length);
    }

    void removeAt(int at) {
        cost -= NodeLimits.entryCost(keys[at].length);
        System.arraycopy(counts, at + 1, counts, at, n - at - 1);
        System.arraycopy(prefixes, at + 1, prefixes, at, n - at - 1);
        System.arraycopy(keys, at + 1, keys, at, n - at - 1);
        n--;
        keys[n] = null;
    }

    @Override
    void absorb(WorkNode right, long separatorCount, byte[] separatorKey) {
        WorkLeaf r = (WorkLeaf) right;
        for (int i = 0; i < r.n; i++) {
            insertAt(n, r.counts[i], r.keys[i]);
        }
    }

    @Override
    List<WorkNode> split(TreeBatch batch) {
        int[] costs = new int[n];
        for (int i = 0; i < n; i++) {
            costs[i] = NodeLimits.entryCost(keys[i].length);
        }
        int[] bounds = NodeLimits.cuts(costs, n, cost);
        List<WorkNode> pieces = new ArrayList<>(bounds.length - 1);
        pieces.add(this);
        for (int p = 1; p + 1 < bounds.length; p++) {
            int from = bounds[p];
            int len = bounds[p + 1] - from;
            WorkLeaf piece = new WorkLeaf(batch.newId(), true, Math.max(ROOM, len));
            System.arraycopy(counts, from, piece.counts, 0, len);
            System.arraycopy(prefixes, from, piece.prefixes, 0, len);
            System.arraycopy(keys, from, piece.keys, 0, len);
            piece.n = len;
            for (int i = from; i < from + len; i++) {
                piece.cost += costs[i];
            }
            piece.lowCount = counts[from];
            piece.lowKey = keys[from];
            pieces.add(piece);
        }
        int keep = bounds[1];
        for (int i = keep; i < n; i++) {
            cost -= costs[i];
            keys[i] = null;
        }
        n = keep;
        return pieces;
    }

    @Override
    Node freeze(List<NodeRef> written) {
        return new Leaf(Arrays.copyOf(counts, n), Arrays.copyOf(prefixes, n), Arrays.copyOf(keys, n));
    }
}
