package io.countd.server.store;

/** Receives ranked rows. The key array is reused between calls: copy what must outlive the call. */
@FunctionalInterface
public interface RowSink {
    /**
     * @param rank the row's 0-based rank (count descending, then key ascending bytewise)
     */
    void row(long rank, long count, byte[] key, int keyLength);
}
