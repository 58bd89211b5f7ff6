package io.countd.server.store;

import java.util.Arrays;

/**
 * The summed increments of one log for one keyspace: key to exact (128-bit) sum. Filled by a
 * worker with {@link #add}, handed to {@link KeyspaceStore#apply}, then {@link #clear()}ed and
 * reused; after warm-up, adding allocates nothing.
 *
 * <p>Keys are copied into one growing byte arena and found again through an open-addressing
 * table of entry numbers; sums are kept as two 64-bit words, so no sequence of increments can
 * overflow or lose precision. {@link KeyspaceStore#apply} visits the keys in the order they were
 * first added.
 *
 * <p><b>Threads:</b> not thread-safe; owned by one worker thread.
 */
public final class Deltas {
    static final int MAX_KEY_LENGTH = 256;

    private byte[] arena = new byte[4096];
    private int arenaUsed;
    private int[] offsets = new int[64];
    private int[] lengths = new int[64];
    private int[] hashes = new int[64];
    private long[] lows = new long[64];
    private long[] highs = new long[64];
    private int count;
    /** Entry number + 1 per slot, 0 for an empty slot; kept at most half full. */
    private int[] slots = new int[128];

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
        for (int e; (e = slots[slot] - 1) >= 0; slot = (slot + 1) & mask) {
            if (hashes[e] == h && lengths[e] == keyLength
                    && Arrays.equals(arena, offsets[e], offsets[e] + keyLength, key, 0, keyLength)) {
                long lo = lows[e] + increment;
                highs[e] += (increment >> 63) + (Long.compareUnsigned(lo, lows[e]) < 0 ? 1 : 0);
                lows[e] = lo;
                return;
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
        arenaUsed = 0;
    }

    /** A new array holding key number {@code i} (0-based, in order of first addition). */
    byte[] key(int i) {
        return Arrays.copyOfRange(arena, offsets[i], offsets[i] + lengths[i]);
    }

    /**
     * {@code old} plus the sum of key {@code i}, computed exactly and then saturated to the range
     * of a long: an acknowledged increment can be neither refused nor allowed to wrap around.
     */
    long newCount(int i, long old) {
        long lo = old + lows[i];
        long hi = (old >> 63) + highs[i] + (Long.compareUnsigned(lo, old) < 0 ? 1 : 0);
        if (hi == (lo >> 63)) {
            return lo;
        }
        return hi < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    private void insert(int slot, int h, byte[] key, int keyLength, long increment) {
        if (count == offsets.length) {
            int grown = count * 2;
            offsets = Arrays.copyOf(offsets, grown);
            lengths = Arrays.copyOf(lengths, grown);
            hashes = Arrays.copyOf(hashes, grown);
            lows = Arrays.copyOf(lows, grown);
            highs = Arrays.copyOf(highs, grown);
        }
        if (arena.length - arenaUsed < keyLength) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + keyLength));
        }
        System.arraycopy(key, 0, arena, arenaUsed, keyLength);
        offsets[count] = arenaUsed;
        lengths[count] = keyLength;
        hashes[count] = h;
        lows[count] = increment;
        highs[count] = increment >> 63;
        arenaUsed += keyLength;
        slots[slot] = ++count;
        if (count * 2 > slots.length) {
            rehash();
        }
    }

    private void rehash() {
        int[] table = new int[slots.length * 2];
        int mask = table.length - 1;
        for (int e = 0; e < count; e++) {
            int slot = hashes[e] & mask;
            while (table[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = e + 1;
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
