package io.countd.server.store;

/**
 * A keyspace of a listing and its number of keys in one committed state.
 *
 * @param name the keyspace name (the caller owns the array; equality of records is by reference)
 * @param keys number of keys (non-zero counters)
 */
public record KeyspaceSize(byte[] name, long keys) {
}
