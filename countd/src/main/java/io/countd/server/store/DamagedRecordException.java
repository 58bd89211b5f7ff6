package io.countd.server.store;

/** A record of a keyspace file is not what the format allows; reported as a {@link KeyspaceException}. */
final class DamagedRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DamagedRecordException(String message) {
        super(message);
    }
}
