package io.countd.engine;

import java.util.Arrays;

/**
 * Links (bucket entries or child links, by file offset) that asynchronous puts have decided on but
 * not yet written, because their targets are not yet in the file. An open-addressing table over
 * insertion-ordered arrays: lookups and additions allocate nothing once the arrays have grown.
 */
final class PendingLinks {
    private long[] positions = new long[64];
    private long[] targets = new long[64];
    /** Slot i holds 1 + the index of an entry, 0 when empty. */
    private int[] table = new int[128];
    private int size;

    int size() {
        return size;
    }

    long position(int i) {
        return positions[i];
    }

    long target(int i) {
        return targets[i];
    }

    /** The pending target of the link at {@code position}, or {@code onDisk} if none is pending. */
    long resolve(long position, long onDisk) {
        int mask = table.length - 1;
        for (int slot = hash(position) & mask; table[slot] != 0; slot = (slot + 1) & mask) {
            int i = table[slot] - 1;
            if (positions[i] == position) {
                return targets[i];
            }
        }
        return onDisk;
    }

    /** Records a link; a position is linked at most once between two {@link #clear()}s. */
    void add(long position, long target) {
        if (size == positions.length) {
            positions = Arrays.copyOf(positions, size * 2);
            targets = Arrays.copyOf(targets, size * 2);
        }
        positions[size] = position;
        targets[size] = target;
        size++;
        if (size * 2 > table.length) {
            table = new int[table.length * 2];
            for (int i = 0; i < size; i++) {
                insert(i);
            }
        } else {
            insert(size - 1);
        }
    }

    private void insert(int i) {
        int mask = table.length - 1;
        int slot = hash(positions[i]) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = i + 1;
    }

    void clear() {
        Arrays.fill(table, 0);
        size = 0;
    }

    private static int hash(long position) {
        long h = position * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 32);
    }
}
