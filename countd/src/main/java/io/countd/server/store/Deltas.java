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
 * an entry's key span is two neighbouring offsets, and its two sum words sit side by side. And adds
 * are queued, {@value #AHEAD} at a time: {@link #add} copies and hashes the key; the queue, once
 * full, first reads all its slots in a tight loop, whose independent cache misses the processor
 * overlaps, then carries out its adds against slots now cached. A plain load does that only in a
 * tight loop: between adds done one by one, decoding the next record fills the processor's window
 * and each miss stalls on its own. ({@code WorkerSumsBenchmark}, 4,000,000 random adds to ten
 * 100,000-key sums: 111 ns an add, against 455 ns one by one; in countd probe runs, the worker
 * applied 900 to 950 k increments a second of the benchmark's load against 710 to 800 k.)
 * Everything that reads the sums carries out the queued adds first.
 *
 * <p><b>Threads:</b> not thread-safe, reads included (a read carries out the queued adds); used
 * by one thread at a time, handed from the worker thread that fills it to the thread that applies
 * it with a happens-before edge (an executor's hand-over).
 */
public final class Deltas {
    static final int MAX_KEY_LENGTH = 256;
    /** Adds queued before they are carried out: enough misses in flight, few enough to stay in cache. */
    static final int AHEAD = 16;

    private byte[] arena = new byte[4096];
    /** Entry i's key is arena[offsets[i], offsets[i + 1]). */
    private int[] offsets = new int[65];
    /** Entry i's sum: low word at 2i, high word at 2i + 1. */
    private long[] sums = new long[128];
    private int count;
    /** Per slot: the key's hash in the high half, entry number + 1 in the low half; 0 when empty. Kept at most half full. */
    private long[] slots = new long[128];

    /** Adds not yet carried out: key i at i * MAX_KEY_LENGTH, with its length, hash and increment. */
    private final byte[] queuedKeys = new byte[AHEAD * MAX_KEY_LENGTH];
    private final int[] queuedLengths = new int[AHEAD];
    private final int[] queuedHashes = new int[AHEAD];
    private final long[] queuedIncrements = new long[AHEAD];
    private int queued;
    /**
     * What the early slot reads add up to: kept in a field so that the compiler cannot drop them
     * as unused. Its value means nothing.
     */
    private long touched;

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
        for (int i = 0; i < keyLength; i++) {
            if (key[i] == 0) {
                throw new IllegalArgumentException("a key never holds a NUL byte");
            }
        }
        if (queued == AHEAD) {
            settle();
        }
        int h = hash(key, keyLength);
        int q = queued++;
        System.arraycopy(key, 0, queuedKeys, q * MAX_KEY_LENGTH, keyLength);
        queuedLengths[q] = keyLength;
        queuedHashes[q] = h;
        queuedIncrements[q] = increment;
    }

    /** Carries out the queued adds. */
    private void settle() {
        long[] table = slots;
        int mask = table.length - 1;
        long sink = touched;
        for (int q = 0; q < queued; q++) {
            sink += table[queuedHashes[q] & mask];
        }
        touched = sink;
        for (int q = 0; q < queued; q++) {
            addNow(queuedHashes[q], queuedKeys, q * MAX_KEY_LENGTH, queuedLengths[q], queuedIncrements[q]);
        }
        queued = 0;
    }

    private void addNow(int h, byte[] key, int at, int keyLength, long increment) {
        int mask = slots.length - 1;
        int slot = h & mask;
        for (long v; (v = slots[slot]) != 0; slot = (slot + 1) & mask) {
            if ((int) (v >>> 32) == h) {
                int e = (int) v - 1;
                int from = offsets[e];
                if (offsets[e + 1] - from == keyLength
                        && Arrays.equals(arena, from, from + keyLength, key, at, at + keyLength)) {
                    long lo = sums[2 * e] + increment;
                    sums[2 * e + 1] += (increment >> 63) + (Long.compareUnsigned(lo, sums[2 * e]) < 0 ? 1 : 0);
                    sums[2 * e] = lo;
                    return;
                }
            }
        }
        insert(slot, h, key, at, keyLength, increment);
    }

    /** Number of distinct keys added since the last clear. */
    public int size() {
        if (queued > 0) {
            settle();
        }
        return count;
    }

    public void clear() {
        if (count > 0) {
            Arrays.fill(slots, 0);
        }
        count = 0;
        queued = 0;
    }

    /** A new array holding key number {@code i} (0-based, in order of first addition; below {@link #size()}). */
    byte[] key(int i) {
        if (queued > 0) {
            settle();
        }
        return Arrays.copyOfRange(arena, offsets[i], offsets[i + 1]);
    }

    /**
     * {@code old} plus the sum of key {@code i}, computed exactly and then saturated to the range
     * of a long: an acknowledged increment can be neither refused nor allowed to wrap around.
     */
    long newCount(int i, long old) {
        if (queued > 0) {
            settle();
        }
        long lo = old + sums[2 * i];
        long hi = (old >> 63) + sums[2 * i + 1] + (Long.compareUnsigned(lo, old) < 0 ? 1 : 0);
        if (hi == (lo >> 63)) {
            return lo;
        }
        return hi < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }

    private void insert(int slot, int h, byte[] key, int at, int keyLength, long increment) {
        if (count + 1 == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2 + 1);
            sums = Arrays.copyOf(sums, count * 4);
        }
        int from = offsets[count];
        if (arena.length - from < keyLength) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, from + keyLength));
        }
        System.arraycopy(key, at, arena, from, keyLength);
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
