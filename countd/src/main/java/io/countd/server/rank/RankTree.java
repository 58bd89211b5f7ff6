package io.countd.server.rank;

/**
 * One version of an order-statistic B+tree of entries (count, key) in rank order: highest count
 * first, ties by key ascending ({@link RankOrder}). Leaves hold the entries; branches hold their
 * children's ids, sizes (entries below) and separators. There are no sibling links, so a change
 * rewrites only the nodes on its path.
 *
 * <p>Immutable: a {@link TreeBatch} makes a new version and leaves this one intact, sharing the
 * nodes it did not change. Nodes are loaded lazily from a {@link NodeStore} and kept (through
 * shared references) for every version that uses them.
 *
 * <p><b>Threads:</b> safe for any number of readers and one batch at a time.
 *
 * <p><b>Errors:</b> a stored node that is missing, undecodable, or disagrees with its parent about
 * its level or size throws {@link CorruptIndexException}; since levels strictly decrease downwards,
 * no damage can make a read loop.
 */
public final class RankTree {
    private final NodeRef root;
    private final int height;
    private final long size;
    private final long nextId;

    RankTree(NodeRef root, int height, long size, long nextId) {
        this.root = root;
        this.height = height;
        this.size = size;
        this.nextId = nextId;
    }

    /** An empty tree whose first node will get id 1. */
    public static RankTree empty() {
        return new RankTree(null, 0, 0, 1);
    }

    /**
     * A stored tree, as its owner recorded it: root id (0 when empty), height (levels; 0 when
     * empty), number of entries, and the next unused node id.
     *
     * @throws CorruptIndexException when the numbers cannot describe a tree
     */
    public static RankTree of(long rootId, int height, long size, long nextId) {
        boolean empty = height == 0 && rootId == 0 && size == 0 && nextId >= 1;
        boolean plausible = height > 0 && height < NodeLimits.MAX_HEIGHT && rootId > 0 && rootId < nextId
                && size > 0;
        if (!empty && !plausible) {
            throw new CorruptIndexException("no tree has root " + rootId + ", height " + height + ", " + size
                    + " entries and next id " + nextId);
        }
        return new RankTree(empty ? null : new NodeRef(rootId, null), height, size, nextId);
    }

    /** The root's id, 0 when empty. */
    public long rootId() {
        return root == null ? 0 : root.id();
    }

    public int height() {
        return height;
    }

    /** The number of entries. */
    public long size() {
        return size;
    }

    /** The id the next new node will get; ids are never reused. */
    public long nextId() {
        return nextId;
    }

    /** The root node, loading it if needed; null when empty. */
    Node root(NodeStore nodes) {
        return root == null ? null : root.resolve(nodes, height - 1, size);
    }

    NodeRef rootRef() {
        return root;
    }

    /** Starts a batch of updates on top of this version. */
    public TreeBatch batch(NodeStore nodes) {
        return new TreeBatch(this, nodes);
    }

    /**
     * Visits the entries of ranks {@code offset} to {@code offset + length - 1} that exist, in
     * order: one walk down, then along the leaves with a stack of the branches above.
     *
     * @return the number of entries visited
     */
    public int rows(long offset, int length, NodeStore nodes, EntryVisitor visitor) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset " + offset + ", length " + length);
        }
        if (offset >= size || length == 0) {
            return 0;
        }
        Branch[] stack = new Branch[height];
        int[] at = new int[height];
        int depth = 0;
        long skip = offset;
        Node node = root(nodes);
        while (node instanceof Branch b) {
            int i = 0;
            while (skip >= b.childSize(i)) {
                skip -= b.childSize(i++);
            }
            stack[depth] = b;
            at[depth++] = i;
            node = b.child(i, nodes);
        }
        Leaf leaf = (Leaf) node;
        int pos = (int) skip;
        long rank = offset;
        int visited = 0;
        while (visited < length) {
            if (pos == leaf.width()) {
                while (depth > 0 && at[depth - 1] + 1 == stack[depth - 1].width()) {
                    depth--;
                }
                if (depth == 0) {
                    break;
                }
                int i = ++at[depth - 1];
                node = stack[depth - 1].child(i, nodes);
                while (node instanceof Branch b) {
                    stack[depth] = b;
                    at[depth++] = 0;
                    node = b.child(0, nodes);
                }
                leaf = (Leaf) node;
                pos = 0;
            }
            visitor.entry(rank++, leaf.count(pos), leaf.key(pos));
            pos++;
            visited++;
        }
        return visited;
    }

    /** The 0-based rank of the entry, or -1 when the tree does not hold it. */
    public long rankOf(long count, byte[] key, NodeStore nodes) {
        long rank = 0;
        Node node = root(nodes);
        if (node == null) {
            return -1;
        }
        while (node instanceof Branch b) {
            int i = b.route(count, key);
            for (int j = 0; j < i; j++) {
                rank += b.childSize(j);
            }
            node = b.child(i, nodes);
        }
        int at = ((Leaf) node).search(count, key);
        return at < 0 ? -1 : rank + at;
    }
}
