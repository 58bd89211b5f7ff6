package io.countd.bench.stores;

/**
 * One store under test, open on a folder of its own. Not thread-safe: one benchmark thread uses it
 * at a time.
 */
public interface Store extends AutoCloseable {
    /** Stores {@code value} under {@code key}; the store copies what it keeps (the array is reused). */
    void put(int key, byte[] value);

    /** Makes every put so far visible to reads (a commit where the store has transactions). */
    void finishWrites();

    /** The integer the value of {@code key} starts with, or -1 if there is no such key. */
    int get(int key);

    /** Reads every record in the store's own order; returns the sum of their first value integers. */
    long readAll();

    @Override
    void close();
}
