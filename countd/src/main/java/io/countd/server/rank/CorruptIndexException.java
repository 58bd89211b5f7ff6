package io.countd.server.rank;

/**
 * The stored rank index is not what it must be: a node is missing, undecodable, or disagrees with
 * the node that refers to it, or an update met an entry that the index should (or should not)
 * hold. The caller's data is damaged; nothing in this package repairs it.
 */
public final class CorruptIndexException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptIndexException(String message) {
        super(message);
    }
}
