package io.countd.server.rank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A branch being changed by a batch. A child is either still the shared reference of the tree the
 * batch started from ({@code work[i] == null}) or a working copy, made when the batch first goes
 * down into it.
 */
final class WorkBranch extends WorkNode {
    private final int level;
    NodeRef[] refs;
    WorkNode[] work;
    long[] sizes;
    long[] separatorCounts;
    /** The separator keys' {@link RankOrder#prefix}es, kept in step with {@link #separatorKeys}. */
    long[] separatorPrefixes;
    /** Index 0 is always null: a first child's lower bound is its parent's. */
    byte[][] separatorKeys;
    int n;
    private int cost;

    WorkBranch(long id, boolean fresh, int level, int capacity) {
        super(id, fresh);
        this.level = level;
        refs = new NodeRef[capacity];
        work = new WorkNode[capacity];
        sizes = new long[capacity];
        separatorCounts = new long[capacity];
        separatorPrefixes = new long[capacity];
        separatorKeys = new byte[capacity][];
    }

    static WorkBranch copyOf(long id, Branch b) {
        int n = b.width();
        WorkBranch w = new WorkBranch(id, false, b.level(), n + 4);
        for (int i = 0; i < n; i++) {
            w.refs[i] = b.childRef(i);
            w.sizes[i] = b.childSize(i);
            if (i > 0) {
                w.separatorCounts[i] = b.separatorCount(i);
                w.separatorPrefixes[i] = b.separatorPrefix(i);
                w.separatorKeys[i] = b.separatorKey(i);
            }
        }
        w.n = n;
        w.cost = b.cost();
        return w;
    }

    @Override
    int level() {
        return level;
    }

    @Override
    int width() {
        return n;
    }

    @Override
    long size() {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += sizes[i];
        }
        return total;
    }

    @Override
    int cost() {
        return cost;
    }

    int route(long count, byte[] key) {
        return Branch.route(separatorCounts, separatorPrefixes, separatorKeys, n, count, key);
    }

    /** Child {@code i} as a working copy; must be called before its size is changed. */
    WorkNode workChild(int i, TreeBatch batch) {
        WorkNode w = work[i];
        if (w == null) {
            w = batch.copy(refs[i], level - 1, sizes[i]);
            work[i] = w;
            refs[i] = null;
        }
        return w;
    }

    /** Puts {@code pieces} where child {@code i} was: the first takes its place, the others follow it. */
    void replace(int i, List<WorkNode> pieces) {
        WorkNode first = pieces.get(0);
        work[i] = first;
        refs[i] = null;
        sizes[i] = first.size();
        int extra = pieces.size() - 1;
        ensureCapacity(n + extra);
        int tail = n - i - 1;
        System.arraycopy(refs, i + 1, refs, i + 1 + extra, tail);
        System.arraycopy(work, i + 1, work, i + 1 + extra, tail);
        System.arraycopy(sizes, i + 1, sizes, i + 1 + extra, tail);
        System.arraycopy(separatorCounts, i + 1, separatorCounts, i + 1 + extra, tail);
        System.arraycopy(separatorPrefixes, i + 1, separatorPrefixes, i + 1 + extra, tail);
        System.arraycopy(separatorKeys, i + 1, separatorKeys, i + 1 + extra, tail);
        for (int p = 1; p <= extra; p++) {
            WorkNode piece = pieces.get(p);
            refs[i + p] = null;
            work[i + p] = piece;
            sizes[i + p] = piece.size();
            separatorCounts[i + p] = piece.lowCount;
            separatorPrefixes[i + p] = RankOrder.prefix(piece.lowKey);
            separatorKeys[i + p] = piece.lowKey;
            piece.lowKey = null;
        }
        n += extra;
        recost();
    }

    /** Drops child {@code j >= 1} (its entries have moved to its left sibling). */
    void removeChild(int j) {
        int tail = n - j - 1;
        System.arraycopy(refs, j + 1, refs, j, tail);
        System.arraycopy(work, j + 1, work, j, tail);
        System.arraycopy(sizes, j + 1, sizes, j, tail);
        System.arraycopy(separatorCounts, j + 1, separatorCounts, j, tail);
        System.arraycopy(separatorPrefixes, j + 1, separatorPrefixes, j, tail);
        System.arraycopy(separatorKeys, j + 1, separatorKeys, j, tail);
        n--;
        refs[n] = null;
        work[n] = null;
        separatorKeys[n] = null;
        recost();
    }

    /** Adds a child at the end; {@code separatorKey} is ignored for the first. */
    void append(NodeRef ref, WorkNode child, long size, long separatorCount, byte[] separatorKey) {
        ensureCapacity(n + 1);
        refs[n] = ref;
        work[n] = child;
        sizes[n] = size;
        separatorCounts[n] = n == 0 ? 0 : separatorCount;
        separatorPrefixes[n] = n == 0 ? 0 : RankOrder.prefix(separatorKey);
        separatorKeys[n] = n == 0 ? null : separatorKey;
        cost += n == 0 ? NodeLimits.ITEM_FLOOR : NodeLimits.childCost(separatorKey);
        n++;
    }

    @Override
    void absorb(WorkNode right, long separatorCount, byte[] separatorKey) {
        WorkBranch r = (WorkBranch) right;
        for (int i = 0; i < r.n; i++) {
            append(r.refs[i], r.work[i], r.sizes[i], i == 0 ? separatorCount : r.separatorCounts[i],
                    i == 0 ? separatorKey : r.separatorKeys[i]);
        }
    }

    @Override
    List<WorkNode> split(TreeBatch batch) {
        int[] costs = new int[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            costs[i] = NodeLimits.childCost(separatorKeys[i]);
            total += costs[i];
        }
        int[] bounds = NodeLimits.cuts(costs, n, total);
        List<WorkNode> pieces = new ArrayList<>(bounds.length - 1);
        pieces.add(this);
        for (int p = 1; p + 1 < bounds.length; p++) {
            int from = bounds[p];
            int to = bounds[p + 1];
            WorkBranch piece = new WorkBranch(batch.newId(), true, level, to - from + 4);
            for (int i = from; i < to; i++) {
                piece.append(refs[i], work[i], sizes[i], separatorCounts[i], separatorKeys[i]);
            }
            piece.lowCount = separatorCounts[from];
            piece.lowKey = separatorKeys[from];
            pieces.add(piece);
        }
        int keep = bounds[1];
        for (int i = keep; i < n; i++) {
            refs[i] = null;
            work[i] = null;
            separatorKeys[i] = null;
        }
        n = keep;
        recost();
        return pieces;
    }

    @Override
    Node freeze(List<NodeRef> written) {
        NodeRef[] children = new NodeRef[n];
        for (int i = 0; i < n; i++) {
            children[i] = work[i] != null ? work[i].freezeRef(written) : refs[i];
        }
        return new Branch(level, children, Arrays.copyOf(sizes, n), Arrays.copyOf(separatorCounts, n),
                Arrays.copyOf(separatorPrefixes, n), Arrays.copyOf(separatorKeys, n));
    }

    private void recost() {
        separatorKeys[0] = null;
        separatorCounts[0] = 0;
        separatorPrefixes[0] = 0;
        int c = NodeLimits.ITEM_FLOOR;
        for (int i = 1; i < n; i++) {
            c += NodeLimits.childCost(separatorKeys[i]);
        }
        cost = c;
    }

    private void ensureCapacity(int needed) {
        if (needed > refs.length) {
            int grown = Math.max(needed, refs.length + (refs.length >> 1));
            refs = Arrays.copyOf(refs, grown);
            work = Arrays.copyOf(work, grown);
            sizes = Arrays.copyOf(sizes, grown);
            separatorCounts = Arrays.copyOf(separatorCounts, grown);
            separatorPrefixes = Arrays.copyOf(separatorPrefixes, grown);
            separatorKeys = Arrays.copyOf(separatorKeys, grown);
        }
    }
}
