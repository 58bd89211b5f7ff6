package io.countd.server.rank;

import java.util.List;

/**
 * What a finished {@link TreeBatch} produced: the new tree, the nodes to write and the node ids to
 * remove. Until they are written, only this process's in-memory tree knows the new nodes.
 */
public final class TreeChanges {
    private final RankTree tree;
    private final List<NodeRef> written;
    private final long[] freed;

    TreeChanges(RankTree tree, List<NodeRef> written, long[] freed) {
        this.tree = tree;
        this.written = written;
        this.freed = freed;
    }

    public RankTree tree() {
        return tree;
    }

    /** Writes every new or changed node and removes every node the tree no longer uses. */
    public void writeTo(NodeStore store) {
        for (NodeRef ref : written) {
            store.write(ref.id(), ref.loaded());
        }
        for (long id : freed) {
            store.remove(id);
        }
    }

    /** The ids of the nodes {@link #writeTo} writes, for tests and diagnostics. */
    public long[] writtenIds() {
        long[] ids = new long[written.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = written.get(i).id();
        }
        return ids;
    }

    /** The ids of the nodes {@link #writeTo} removes. */
    public long[] freedIds() {
        return freed.clone();
    }
}
