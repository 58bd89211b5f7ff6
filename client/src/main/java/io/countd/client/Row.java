package io.countd.client;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One counter of a keyspace with its rank: 0 is the highest count, ties are ranked by key in
 * ascending unsigned byte order. Immutable.
 */
public final class Row {
    private final long rank;
    private final byte[] key;
    private final long count;

    /** Takes {@code key} as it is: callers inside this package give up the array. */
    Row(long rank, byte[] key, long count) {
        this.rank = rank;
        this.key = key;
        this.count = count;
    }

    /**
     * The 0-based rank: count descending, then key ascending.
     *
     * @return the rank, from 0
     */
    public long rank() {
        return rank;
    }

    /**
     * The key's bytes.
     *
     * @return a copy of the key
     */
    public byte[] key() {
        return key.clone();
    }

    /**
     * The key decoded as UTF-8 (bytes that are not UTF-8 become U+FFFD).
     *
     * @return the key as text
     */
    public String keyString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    /**
     * The counter's value.
     *
     * @return the count, never 0 (a key at 0 does not exist)
     */
    public long count() {
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Row r && r.rank == rank && r.count == count && Arrays.equals(r.key, key);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(rank) * 31 + Long.hashCode(count)) * 31 + Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "#" + rank + " " + keyString() + "=" + count;
    }
}
