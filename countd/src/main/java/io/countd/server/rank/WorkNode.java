package io.countd.server.rank;

import java.util.List;

/**
 * A node being changed by a {@link TreeBatch}: a private, mutable copy of a stored node (same id)
 * or a node the batch made (a fresh id). Frozen into an immutable {@link Node} once, when the
 * batch finishes.
 */
abstract sealed class WorkNode permits WorkLeaf, WorkBranch {
    final long id;
    /** Made by this batch: not in storage, so nothing to free if it goes away. */
    final boolean fresh;
    /** Set on the pieces after the first by {@link #split}: the separator their parent holds for them. */
    long lowCount;
    byte[] lowKey;

    WorkNode(long id, boolean fresh) {
        this.id = id;
        this.fresh = fresh;
    }

    abstract int level();

    abstract int width();

    abstract long size();

    abstract int cost();

    /** Appends the items of {@code right}, the next sibling, whose separator in the parent is given. */
    abstract void absorb(WorkNode right, long separatorCount, byte[] separatorKey);

    /**
     * Cuts this node into pieces within the limits ({@link NodeLimits#cuts}); it keeps the first,
     * the others are fresh nodes carrying their separator in {@link #lowCount}/{@link #lowKey}.
     */
    abstract List<WorkNode> split(TreeBatch batch);

    /** The immutable node, with the frozen forms of changed children recorded in {@code written}. */
    abstract Node freeze(List<NodeRef> written);

    final NodeRef freezeRef(List<NodeRef> written) {
        NodeRef ref = new NodeRef(id, freeze(written));
        written.add(ref);
        return ref;
    }
}
