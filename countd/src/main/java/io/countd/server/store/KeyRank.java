package io.countd.server.store;

/**
 * A key's standing in one committed state of its keyspace.
 *
 * @param count the key's count, never 0 (a key whose count is 0 does not exist)
 * @param rank its 0-based rank in that state: the number of keys before it (count descending,
 *     then key ascending bytewise)
 */
public record KeyRank(long count, long rank) {
}
