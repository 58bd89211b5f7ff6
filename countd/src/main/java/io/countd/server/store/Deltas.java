package io.countd.server.store;

import java.util.Arrays;

/**
 * The summed increments of one log for one keyspace: key to exact (128-bit) sum. Filled by a
 * worker with {@link #add}, handed to {@link KeyspaceStore#apply}, then {@link #clear()}ed and
 * reused; after warm-up, adding allocates nothing.
 *
 * <p>Keys are copied into one growing byte arena and found again through an open-addressing
 * table; sums are kept as two 64-bit words, so no sequence of increments can overflow or lose
 * precision. {@link KeyspaceStore#apply} visits the keys in the order they were first added.
 *
 * <p>A worker adds every record of its logs here, millions per batch, into tables larger than the
 * processor's caches, so the layout is chosen for few cache misses per add: a table slot holds
 * the key's hash beside its entry number (a probe rejects other keys without leaving the table),
 * an entry's key span is two neighbouring offsets, and its two sum words sit side by side.
 *
 * <p><b>Threads:</b> not thread-safe; owned by one worker thread.
 */
public final class Deltas {
    static final int MAX_KEY_LENGTH = 256;

    private byte[] arena = new byte[4096];
    /** Entry i's key is arena[offsets[i], offsets[i + 1]). */
    private int[] offsets = new int[65];
    /** Entry i's sum: low word at 2i, high word at 2i + 1. */
    private long[] sums = new long[128];
    private int count;
    /** Per slot: the key's hash in the high half, entry number + 1 in the low half; 0 when empty. Kept at most half full. */
    private long[] slots = new long[128];

    /**
     * Adds {@code increment} to the sum of {@code key[0..keyLength)} (1 to 256 bytes).
     *
     * @throws IllegalArgumentException when the length is out of range or the key holds a NUL byte
     *     (the store reserves keys starting with NUL for its own records)
     */
    public void add(byte[] key, int keyLength, long increment) {
        if (keyLength < 1 || keyLength > MAX_KEY_LENGTH || keyLength > key.length) {
            throw new IllegalArgumentException("a key has 1 to 256 bytes, not " + keyLength);
        }
        int h = hash(key, keyLength);
        int mask = slots.length - 1;
        int slot = h & mask;
        for (long v; (v = slots[slot]) != 0; slot = (slot + 1) & mask) {
            if ((int) (v >>> 32) == h) {
                int e = (int) v - 1;
                int from = offsets[e];
                if (offsets[e + 1] - from == keyLength && Arrays.equals(arena, from, from + keyLength, key, 0, keyLength)) {
                    long lo = sums[2 * e] + increment;
                    sums[2 * e + 1] += (increment >> 63) + (Long.compareUnsigned(lo, sums[2 * e]) < 0 ? 1 : 0);
                    sums[2 * e] = lo;
                    return;
                }
            }
        }
        for (int i = 0; i < keyLength; i++) {
            if (key[i] == 0) {
                throw new IllegalArgumentException("a key never holds a NUL byte");
            }
        }
        insert(slot, h, key, keyLength, increment);
    }

    /** Number of distinct keys added since the last clear. */
    public int size() {
        return count;
    }

    public void clear() {
        if (count > 0) {
            Arrays.fill(slots, 0);
        }
        count = 0;
    }

    /** A new array holding key number {@code i} (0-based, in order of first addition). */
    byte[] key(int i) {
        return Arrays.copyOfRange(arena, offsets[i], offsets[i + 1]);
    }

    /**
     * {@code old} plus the sum of key {@code i}, computed exactly and then saturated to the range
     * of a long: an acknowledged increment can be neither refused nor allowed to wrap around.
     */
    long newCount(int i, long old) {
        long lo = old + sums[2 * i];
        long hi = (old >> 63) + sums[2 * i + 1] + (Long.compareUnsigned(lo, old) < 0 ? 1 : 0);
        if (hi == (lo >> 63)) {
            return lo;
        }
        return hi < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    private void insert(int slot, int h, byte[] key, int keyLength, long increment) {
        if (count + 1 == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2 + 1);
            sums = Arrays.copyOf(sums, count * 4);
        }
        int from = offsets[count];
        if (arena.length - from < keyLength) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, from + keyLength));
        }
        System.arraycopy(key, 0, arena, from, keyLength);
        offsets[count + 1] = from + keyLength;
        sums[2 * count] = increment;
        sums[2 * count + 1] = increment >> 63;
        slots[slot] = (long) h << 32 | ++count;
        if (count * 2 > slots.length) {
            rehash();
        }
    }

    private void rehash() {
        long[] table = new long[slots.length * 2];
        int mask = table.length - 1;
        for (long v : slots) {
            if (v != 0) {
                int slot = (int) (v >>> 32) & mask;
                while (table[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                table[slot] = v;
            }
        }
        slots = table;
    }

    /** Any decent spread will do: the table is at most half full and probes linearly. */
    private static int hash(byte[] key, int length) {
        int h = 0x9E3779B9;
        for (int i = 0; i < length; i++) {
            h = (h ^ key[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return h;
    }
}
