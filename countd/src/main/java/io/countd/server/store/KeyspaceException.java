package io.countd.server.store;

/**
 * A keyspace file could not be read or changed: damaged, unwritable, or not a keyspace file. The
 * message names the keyspace (escaped) and the file; the cause is the engine's error.
 */
public final class KeyspaceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KeyspaceException(String message, Throwable cause) {
        super(message, cause);
    }
}
