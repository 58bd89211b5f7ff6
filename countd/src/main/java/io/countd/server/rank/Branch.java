package io.countd.server.rank;

/**
 * A node holding children: for each, a reference, the number of entries under it, and (from the
 * second child on) a separator entry, which ranks no later than the child's first entry and after
 * every entry of the child before it. Separators are lower bounds, not copies: removing a child's
 * first entry leaves its separator valid.
 */
public final class Branch extends Node {
    private final int level;
    private final NodeRef[] children;
    private final long[] sizes;
    /** Index 0 is unused: the first child's lower bound is the parent's. */
    private final long[] separatorCounts;
    /** The separator keys' {@link RankOrder#prefix}es, as a {@link Leaf} keeps its keys'. */
    private final long[] separatorPrefixes;
    private final byte[][] separatorKeys;
    private final long size;

    /** Takes the arrays as they are: the caller gives them up and has checked them. */
    Branch(int level, NodeRef[] children, long[] sizes, long[] separatorCounts, byte[][] separatorKeys) {
        this(level, children, sizes, separatorCounts, prefixes(separatorKeys), separatorKeys);
    }

    /** As the other constructor, with the separators' prefixes, computed by the caller. */
    Branch(int level, NodeRef[] children, long[] sizes, long[] separatorCounts, long[] separatorPrefixes,
            byte[][] separatorKeys) {
        this.level = level;
        this.children = children;
        this.sizes = sizes;
        this.separatorCounts = separatorCounts;
        this.separatorPrefixes = separatorPrefixes;
        this.separatorKeys = separatorKeys;
        long total = 0;
        for (long s : sizes) {
            total += s;
        }
        this.size = total;
    }

    @Override
    public int level() {
        return level;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int width() {
        return children.length;
    }

    public long childId(int i) {
        return children[i].id();
    }

    public long childSize(int i) {
        return sizes[i];
    }

    /** The separator of child {@code i >= 1}. */
    public long separatorCount(int i) {
        return separatorCounts[i];
    }

    /** The prefix of the separator key of child {@code i >= 1}. */
    long separatorPrefix(int i) {
        return separatorPrefixes[i];
    }

    /** The prefixes of the separator keys; index 0, which has none, gets 0. */
    private static long[] prefixes(byte[][] keys) {
        long[] p = new long[keys.length];
        for (int i = 1; i < keys.length; i++) {
            p[i] = RankOrder.prefix(keys[i]);
        }
        return p;
    }

    /** The separator key of child {@code i >= 1}: the node's own array, which must not be modified. */
    public byte[] separatorKey(int i) {
        return separatorKeys[i];
    }

    NodeRef childRef(int i) {
        return children[i];
    }

    /** Child {@code i}, loading it from {@code nodes} if this process has not seen it yet. */
    Node child(int i, NodeStore nodes) {
        return children[i].resolve(nodes, level - 1, sizes[i]);
    }

    /** The child whose range holds the entry: the last one whose separator is not after it. */
    int route(long count, byte[] key) {
        return route(separatorCounts, separatorPrefixes, separatorKeys, children.length, count, key);
    }

    static int route(long[] separatorCounts, long[] separatorPrefixes, byte[][] separatorKeys, int n, long count,
            byte[] key) {
        long prefix = RankOrder.prefix(key);
        int lo = 1;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (RankOrder.compare(separatorCounts[mid], separatorPrefixes[mid], separatorKeys[mid], count, prefix,
                    key) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return lo - 1;
    }

    int cost() {
        int cost = NodeLimits.ITEM_FLOOR;
        for (int i = 1; i < separatorKeys.length; i++) {
            cost += NodeLimits.childCost(separatorKeys[i]);
        }
        return cost;
    }
}
