package io.countd.server.rank;

/**
 * A reference to a stored node: its id, and the node itself once loaded. One reference object
 * stands for one node id in every tree version that shares it, so a node loaded through any
 * version is in memory for all of them; in particular, every node a batch rewrites or frees has
 * been loaded (through the references of the tree it started from) before it changes in storage.
 *
 * <p><b>Threads:</b> safe; concurrent loads of the same node store one of the results.
 */
final class NodeRef {
    private final long id;
    private volatile Node node;

    NodeRef(long id, Node node) {
        this.id = id;
        this.node = node;
    }

    long id() {
        return id;
    }

    /** The node if it is in memory, else null. */
    Node loaded() {
        return node;
    }

    /** The node, loaded from {@code nodes} and checked against what its parent says about it. */
    Node resolve(NodeStore nodes, int level, long size) {
        Node n = node;
        if (n != null) {
            return n;
        }
        if (nodes == NodeStore.RESIDENT) {
            // Before the monitor, which another thread's load of this node may hold.
            throw NotResidentException.INSTANCE;
        }
        synchronized (this) {
            n = node;
            if (n == null) {
                n = nodes.load(id);
                if (n == null) {
                    throw new CorruptIndexException("node " + id + " is missing");
                }
                if (n.level() != level || n.size() != size) {
                    throw new CorruptIndexException("node " + id + " is at level " + n.level() + " with " + n.size()
                            + " entries; its parent expects level " + level + " with " + size);
                }
                node = n;
            }
            return n;
        }
    }
}
