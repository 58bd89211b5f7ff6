package io.countd.server.rank;

/**
 * Where nodes live, by id: implemented by the caller over its storage. Loads happen while a tree
 * is read or a batch is built; writes and removes only when a batch's changes are written out
 * ({@link TreeChanges#writeTo}).
 */
public interface NodeStore {
    /**
     * The node stored under {@code id}, or null if there is none.
     *
     * @throws CorruptIndexException when the stored bytes are not a node
     */
    Node load(long id);

    void write(long id, Node node);

    void remove(long id);
}
