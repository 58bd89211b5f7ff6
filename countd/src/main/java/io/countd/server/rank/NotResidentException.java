package io.countd.server.rank;

/**
 * A read through {@link NodeStore#RESIDENT} needed a node that is not in memory. Carries no stack
 * trace and is shared: it is a signal to read again through the real store, not a failure.
 */
public final class NotResidentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final NotResidentException INSTANCE = new NotResidentException();

    private NotResidentException() {
        super("a node is not in memory", null, false, false);
    }
}
