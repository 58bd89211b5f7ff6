package io.countd.server.rank;

/**
 * An immutable node of the rank index: a {@link Leaf} of entries or a {@link Branch} of children.
 * Nodes are shared between successive versions of a tree; a batch never changes a node, it makes
 * new ones.
 */
public abstract sealed class Node permits Leaf, Branch {
    Node() {
    }

    /** 0 for a leaf; a branch is one above its children. */
    public abstract int level();

    /** The number of entries under this node. */
    public abstract long size();

    /** The number of entries (leaf) or children (branch). */
    public abstract int width();
}
