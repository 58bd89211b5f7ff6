package io.countd.server.rank;

/**
 * Where nodes live, by id: implemented by the caller over its storage. Loads happen while a tree
 * is read or a batch is built; writes and removes only when a batch's changes are written out
 * ({@link TreeChanges#writeTo}).
 */
public interface NodeStore {
    /**
     * No storage at all: a read through it sees the nodes already in memory, and one that needs
     * any other fails at once with {@link NotResidentException}, without waiting for a load of
     * that node by another thread. For readers that must not wait (an event loop).
     */
    NodeStore RESIDENT = new NodeStore() {
        @Override
        public Node load(long id) {
            throw NotResidentException.INSTANCE;
        }

        @Override
        public void write(long id, Node node) {
            throw new UnsupportedOperationException("no storage behind resident nodes");
        }

        @Override
        public void remove(long id) {
            throw new UnsupportedOperationException("no storage behind resident nodes");
        }
    };

    /**
     * The node stored under {@code id}, or null if there is none.
     *
     * @throws CorruptIndexException when the stored bytes are not a node
     */
    Node load(long id);

    void write(long id, Node node);

    void remove(long id);
}
