package io.countd.server.rank;

/** Receives entries in rank order. */
@FunctionalInterface
public interface EntryVisitor {
    /**
     * @param rank the 0-based rank
     * @param key the index's own array: read it, never modify or keep it
     */
    void entry(long rank, long count, byte[] key);
}
