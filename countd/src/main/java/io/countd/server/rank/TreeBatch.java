package io.countd.server.rank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Many removals and insertions applied to a private working copy of a {@link RankTree}, by path
 * copying: the first time an update goes down into a stored node, the batch copies it; later
 * updates change the copy. {@link #finish()} freezes every changed node once and reports the ids
 * that no longer belong to the tree. The tree the batch started from is never changed, so readers
 * may keep using it.
 *
 * <p>Each update costs O(log n): one walk down, then splits (node over {@link NodeLimits#CAPACITY})
 * or merges with a sibling (node other than the root under {@link NodeLimits#MIN_FILL}) on the way
 * back up, as far as they propagate.
 *
 * <p><b>Threads:</b> not thread-safe; one thread builds a batch. Loads go through the tree's shared
 * node references and may run alongside readers of the same tree.
 *
 * <p><b>Errors:</b> an update that finds the index inconsistent (the entry to remove is not there,
 * the entry to insert already is, a stored node is damaged) throws {@link CorruptIndexException};
 * the batch is then unusable, and the tree it started from is unchanged.
 */
public final class TreeBatch {
    private final NodeStore nodes;
    private final RankTree base;
    private WorkNode root;
    private boolean touched;
    private int height;
    private long size;
    private long nextId;
    private long[] freed = new long[8];
    private int freedCount;
    private final WorkBranch[] path = new WorkBranch[NodeLimits.MAX_HEIGHT];
    private final int[] slots = new int[NodeLimits.MAX_HEIGHT];
    private boolean done;

    TreeBatch(RankTree base, NodeStore nodes) {
        this.base = base;
        this.nodes = nodes;
        this.height = base.height();
        this.size = base.size();
        this.nextId = base.nextId();
    }

    /** Adds the entry; its key must not change afterwards. */
    public void insert(long count, byte[] key) {
        check(count, key);
        try {
            WorkNode node = root();
            if (node == null) {
                node = new WorkLeaf(newId(), true, 16);
                root = node;
                height = 1;
            }
            int depth = 0;
            while (node instanceof WorkBranch b) {
                int i = b.route(count, key);
                WorkNode child = b.workChild(i, this);
                b.sizes[i]++;
                path[depth] = b;
                slots[depth++] = i;
                node = child;
            }
            WorkLeaf leaf = (WorkLeaf) node;
            int at = leaf.search(count, key);
            if (at >= 0) {
                throw new CorruptIndexException("already indexed: " + describe(count, key));
            }
            leaf.insertAt(-at - 1, count, key);
            size++;
            if (leaf.cost() > NodeLimits.CAPACITY) {
                overflow(leaf, depth);
            }
        } catch (RuntimeException e) {
            done = true;
            throw e;
        }
    }

    /**
     * Removes the entry, which must be in the tree.
     *
     * @return the key array the tree held for the entry (equal to {@code key}), which an insertion
     *     of the same key may reuse, sharing it with the trees that still hold the entry
     */
    public byte[] remove(long count, byte[] key) {
        check(count, key);
        try {
            WorkNode node = root();
            if (node == null) {
                throw new CorruptIndexException("not indexed (the index is empty): " + describe(count, key));
            }
            int depth = 0;
            while (node instanceof WorkBranch b) {
                int i = b.route(count, key);
                WorkNode child = b.workChild(i, this);
                b.sizes[i]--;
                path[depth] = b;
                slots[depth++] = i;
                node = child;
            }
            WorkLeaf leaf = (WorkLeaf) node;
            int at = leaf.search(count, key);
            if (at < 0) {
                throw new CorruptIndexException("not indexed: " + describe(count, key));
            }
            byte[] held = leaf.keys[at];
            leaf.removeAt(at);
            size--;
            rebalance(leaf, depth);
            return held;
        } catch (RuntimeException e) {
            done = true;
            throw e;
        }
    }

    /** The new tree, the nodes to write (each changed node once) and the ids to remove. */
    public TreeChanges finish() {
        if (done) {
            throw new IllegalStateException("the batch has finished or failed");
        }
        done = true;
        if (!touched) {
            return new TreeChanges(base, List.of(), new long[0]);
        }
        List<NodeRef> written = new ArrayList<>();
        NodeRef newRoot = root == null ? null : root.freezeRef(written);
        return new TreeChanges(new RankTree(newRoot, height, size, nextId), written, Arrays.copyOf(freed, freedCount));
    }

    long newId() {
        return nextId++;
    }

    /** A working copy of a stored node, checked against what its parent says about it. */
    WorkNode copy(NodeRef ref, int level, long expectedSize) {
        Node node = ref.resolve(nodes, level, expectedSize);
        if (node instanceof Leaf leaf) {
            return WorkLeaf.copyOf(ref.id(), leaf);
        }
        Branch b = (Branch) node;
        for (int i = 0; i < b.width(); i++) {
            if (b.childId(i) >= base.nextId()) {
                throw new CorruptIndexException("node " + ref.id() + " refers to node " + b.childId(i)
                        + ", which is not allocated yet (next id " + base.nextId() + ")");
            }
        }
        return WorkBranch.copyOf(ref.id(), b);
    }

    private WorkNode root() {
        if (done) {
            throw new IllegalStateException("the batch has finished or failed");
        }
        if (!touched) {
            touched = true;
            NodeRef r = base.rootRef();
            root = r == null ? null : copy(r, height - 1, size);
        }
        return root;
    }

    /** Splits {@code node}, at {@code depth} on the current path, and its ancestors while they overflow. */
    private void overflow(WorkNode node, int depth) {
        while (node.cost() > NodeLimits.CAPACITY) {
            List<WorkNode> pieces = node.split(this);
            if (depth == 0) {
                WorkBranch r = new WorkBranch(newId(), true, node.level() + 1, pieces.size() + 4);
                for (WorkNode piece : pieces) {
                    r.append(null, piece, piece.size(), piece.lowCount, piece.lowKey);
                    piece.lowKey = null;
                }
                root = r;
                height++;
                if (height >= NodeLimits.MAX_HEIGHT) {
                    throw new IllegalStateException("rank index taller than " + NodeLimits.MAX_HEIGHT);
                }
                return;
            }
            WorkBranch parent = path[--depth];
            parent.replace(slots[depth], pieces);
            node = parent;
        }
    }

    /** After a removal under {@code node}: merges it with a sibling while it is under-filled. */
    private void rebalance(WorkNode node, int depth) {
        while (depth > 0) {
            if (node.cost() > NodeLimits.CAPACITY) {
                // A merge below replaced a separator here with a longer one.
                overflow(node, depth);
                return;
            }
            if (node.cost() >= NodeLimits.MIN_FILL) {
                return;
            }
            WorkBranch parent = path[--depth];
            int i = slots[depth];
            int left = i + 1 < parent.n ? i : i - 1;
            if (left < 0) {
                throw new CorruptIndexException("node " + parent.id + " has a single child");
            }
            WorkNode l = parent.workChild(left, this);
            WorkNode r = parent.workChild(left + 1, this);
            long rightSize = parent.sizes[left + 1];
            l.absorb(r, parent.separatorCounts[left + 1], parent.separatorKeys[left + 1]);
            parent.removeChild(left + 1);
            parent.sizes[left] += rightSize;
            free(r);
            if (l.cost() > NodeLimits.CAPACITY) {
                parent.replace(left, l.split(this));
            }
            node = parent;
        }
        if (node.cost() > NodeLimits.CAPACITY) {
            overflow(node, 0);
            return;
        }
        while (root instanceof WorkBranch b && b.n == 1) {
            WorkNode only = b.workChild(0, this);
            free(b);
            root = only;
            height--;
        }
        if (root instanceof WorkLeaf leaf && leaf.n == 0) {
            free(leaf);
            root = null;
            height = 0;
        }
    }

    private void free(WorkNode node) {
        if (!node.fresh) {
            if (freedCount == freed.length) {
                freed = Arrays.copyOf(freed, freedCount * 2);
            }
            freed[freedCount++] = node.id;
        }
    }

    private static void check(long count, byte[] key) {
        if (count == 0) {
            throw new IllegalArgumentException("count 0 is never indexed");
        }
        if (key.length < 1 || key.length > NodeLimits.MAX_KEY) {
            throw new IllegalArgumentException("key of " + key.length + " bytes");
        }
    }

    private static String describe(long count, byte[] key) {
        return "count " + count + ", key " + HexFormat.of().formatHex(key);
    }
}
