package io.countd.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The in-memory pool of free blocks that a writer reuses, with TC 1.4.48's exact policies, since
 * which block a record lands in decides the file's bytes: an array normally kept sorted by size
 * with TC's unstable heap sort (whose tie order matters), a binary search for the smallest block
 * that fits, splitting of blocks more than twice the request, pairwise merging of neighbours when
 * the pool overflows or misses too often, and the on-disk region format (delta-encoded offsets and
 * sizes in alignment units, TC varints, ended by two zero bytes).
 *
 * <p>Sizes are TC's unsigned 32-bit block sizes, held in Java ints and compared as TC does. Not
 * thread-safe; owned by one writer handle.
 */
final class FreeBlockPool {
    /** TC merges only blocks whose combined size stays within this bound. */
    static final int MAX_BLOCK = Integer.MAX_VALUE / 4;
    private static final int MERGE_FREQUENCY = 4096;

    private final int fpow;
    private final int max;
    private long[] offs = new long[16];
    private int[] sizes = new int[16];
    private int num;
    private int misses;
    private int insertions;

    /** The outcome of {@link #search}: a slot for a record, and possibly a block split off it. */
    static final class Allocation {
        long off;
        int size;
        /** Where a remainder was split off, to be written as a free block; 0 if none. */
        long splitOff;
        int splitSize;
    }

    FreeBlockPool(int fpow) {
        this.fpow = fpow;
        this.max = 1 << fpow;
    }

    int size() {
        return num;
    }

    long offset(int i) {
        return offs[i];
    }

    int blockSize(int i) {
        return sizes[i];
    }

    /** Forgets every entry (the miss count stays, as in TC). */
    void clear() {
        num = 0;
    }

    /** Insertions since {@link #resetInsertions()}: TC's trigger for automatic defragmentation. */
    int insertions() {
        return insertions;
    }

    void resetInsertions() {
        insertions = 0;
    }

    /**
     * The most bytes a saved list can need: a pair is at most 14 bytes (a 9-byte offset delta, a
     * 5-byte size), and no more than twice the capacity is ever loaded. Reading the region only up
     * to this bound keeps a header that claims a huge region from costing memory.
     */
    static long maxEncodedSize(int fpow) {
        return 2L * (1L << fpow) * 14 + 2;
    }

    /**
     * Loads the on-disk region at {@code off} (rebuilding offsets and sizes) and sorts the pool by
     * size. Only the first {@link #maxEncodedSize} bytes of the region can matter.
     */
    void load(DataFile file, long off, long regionSize, int apow) throws java.io.IOException {
        int len = (int) Math.min(regionSize, maxEncodedSize(fpow));
        ByteBuffer region = ByteBuffer.allocate(len);
        file.read(off, region);
        region.flip();
        load(region, apow);
    }

    private void load(ByteBuffer region, int apow) {
        num = 0;
        Varint.Reader in = new Varint.Reader(region, 0, region.limit());
        long base = 0;
        while (num < max * 2 && in.position() < region.limit() && region.get(in.position()) != 0) {
            long delta = in.next();
            long size = delta < 0 ? -1 : in.next();
            if (size < 0 || size > 0xFFFF_FFFFL) {
                break;
            }
            base += delta << apow;
            append(base, (int) (size << apow));
        }
        sortBySize();
    }

    /**
     * Removes entries that cannot be free blocks of a file whose records lie in
     * {@code [frec, fsiz)}, so that a damaged region is ignored rather than trusted. Returns whether
     * any was dropped.
     */
    boolean retainWithin(long frec, long fsiz) {
        int w = 0;
        for (int i = 0; i < num; i++) {
            long end = offs[i] + Integer.toUnsignedLong(sizes[i]);
            if (offs[i] >= frec && sizes[i] != 0 && end <= fsiz) {
                offs[w] = offs[i];
                sizes[w] = sizes[i];
                w++;
            }
        }
        boolean dropped = w != num;
        num = w;
        return dropped;
    }

    /**
     * Serializes the pool for the on-disk region of {@code regionSize} bytes, merging first if it
     * holds more than its nominal capacity, else sorting by offset. Entries that do not fit the
     * region's budget are left out, highest offsets first.
     */
    byte[] save(long regionSize, int apow, Cursors cursors) {
        if (num > max) {
            merge(cursors);
        } else if (num > 1) {
            sortByOffset();
        }
        // A pair never exceeds 14 bytes, and the budget check keeps the list inside the region.
        byte[] out = new byte[(int) Math.min(regionSize, 16L * num + 2)];
        long budget = regionSize - (8 + 4 + 1 + 1 + 4);
        int pos = 0;
        long base = 0;
        for (int i = 0; i < num && budget > 0; i++) {
            long unit = offs[i] >>> apow;
            int start = pos;
            pos = Varint.write(out, pos, unit - base);
            pos = Varint.write(out, pos, Integer.toUnsignedLong(sizes[i]) >>> apow);
            budget -= pos - start;
            base = unit;
        }
        out[pos++] = 0;
        out[pos++] = 0;
        return Arrays.copyOf(out, pos);
    }

    /** Adds a freed block, keeping the pool sorted by size; merges and evicts when it is full. */
    void insert(long off, int size, Cursors cursors) {
        insertions++;
        if (fpow < 1) {
            return;
        }
        if (num >= max * 2) {
            merge(cursors);
            sortBySize();
            int excess = num - max;
            if (excess > 0) {
                System.arraycopy(offs, excess, offs, 0, num - excess);
                System.arraycopy(sizes, excess, sizes, 0, num - excess);
                num -= excess;
            }
            misses = 0;
        }
        int cand = find(size);
        int at = cand >= 0 ? cand : num;
        ensureCapacity(num + 1);
        System.arraycopy(offs, at, offs, at + 1, num - at);
        System.arraycopy(sizes, at, sizes, at + 1, num - at);
        offs[at] = off;
        sizes[at] = size;
        num++;
    }

    /**
     * Finds space for {@code req} bytes: the smallest block that fits, split when it is more than
     * twice the request. Returns {@code out}, filled, or null when none fits (the caller appends at
     * the end of the file); every such miss counts towards a periodic merge.
     */
    Allocation search(int req, int align, Allocation out, Cursors cursors) {
        out.splitOff = 0;
        out.splitSize = 0;
        if (num < 1) {
            return null;
        }
        int cand = find(req);
        if (cand >= 0) {
            long off = offs[cand];
            long size = Integer.toUnsignedLong(sizes[cand]);
            if (size > ((req * 2L) & 0xFFFF_FFFFL)) {
                long next = off + req + Layout.padding(off + req, align);
                if (size >= (next - off) * 2) {
                    out.off = off;
                    out.size = (int) (next - off);
                    offs[cand] = next;
                    sizes[cand] = (int) (size - out.size);
                    out.splitOff = next;
                    out.splitSize = sizes[cand];
                    return out;
                }
            }
            out.off = off;
            out.size = sizes[cand];
            removeAt(cand);
            return out;
        }
        misses++;
        if (misses >= MERGE_FREQUENCY) {
            merge(cursors);
            sortBySize();
        }
        return null;
    }

    /** Removes every entry whose offset lies in {@code [base, end]}, both inclusive. */
    void removeRange(long base, long end) {
        int w = 0;
        for (int i = 0; i < num; i++) {
            if (offs[i] < base || offs[i] > end) {
                offs[w] = offs[i];
                sizes[w] = sizes[i];
                w++;
            }
        }
        num = w;
    }

    /**
     * TC's pool maintenance after a defragmentation step: drops entries in {@code [base, next)} and
     * registers the block {@code (off, size)} (if {@code off > 0}) in place of the first entry at
     * least as large — which drops that entry, wherever it lies, exactly as TC does.
     */
    void trim(long base, long next, long off, int size) {
        if (fpow < 1) {
            return;
        }
        if (num < 1) {
            if (off > 0) {
                ensureCapacity(1);
                offs[0] = off;
                sizes[0] = size;
                num = 1;
            }
            return;
        }
        int w = 0;
        int i = num >= max * 2 ? 1 : 0;
        for (; i < num; i++) {
            if (Integer.compareUnsigned(sizes[i], size) >= 0 && off > 0) {
                offs[w] = off;
                sizes[w] = size;
                w++;
                off = 0;
            } else if (offs[i] < base || offs[i] >= next) {
                offs[w] = offs[i];
                sizes[w] = sizes[i];
                w++;
            }
        }
        if (off > 0) {
            ensureCapacity(w + 1);
            offs[w] = off;
            sizes[w] = size;
            w++;
        }
        num = w;
    }

    /**
     * Sorts by offset and lets each block absorb the block right after it when they touch (and the
     * sum stays within {@link #MAX_BLOCK}); an absorbed block is not compared again, so three
     * touching blocks become two. The disk keeps the original per-block headers.
     */
    private void merge(Cursors cursors) {
        sortByOffset();
        int w = 0;
        int last = num - 1;
        for (int i = 0; i < last; i++) {
            if (offs[i] > 0) {
                int j = i + 1;
                long sum = Integer.toUnsignedLong(sizes[i]) + Integer.toUnsignedLong(sizes[j]);
                if (offs[i] + Integer.toUnsignedLong(sizes[i]) == offs[j] && sum <= MAX_BLOCK) {
                    cursors.absorbed(offs[j], Integer.toUnsignedLong(sizes[j]));
                    sizes[i] = (int) sum;
                    offs[j] = 0;
                }
                offs[w] = offs[i];
                sizes[w] = sizes[i];
                w++;
            }
        }
        if (last >= 0 && offs[last] > 0) {
            offs[w] = offs[last];
            sizes[w] = sizes[last];
            w++;
        }
        num = w;
        misses = -num;
    }

    /** Binary search as TC does it: some index with size >= req (an exact match stops early), or -1. */
    private int find(int req) {
        int left = 0;
        int right = num;
        int i = (left + right) / 2;
        int cand = -1;
        while (right >= left && i < num) {
            int d = req - sizes[i];
            if (d == 0) {
                return i;
            } else if (d < 0) {
                cand = i;
                right = i - 1;
            } else {
                left = i + 1;
            }
            i = (left + right) / 2;
        }
        return cand;
    }

    private void removeAt(int i) {
        System.arraycopy(offs, i + 1, offs, i, num - i - 1);
        System.arraycopy(sizes, i + 1, sizes, i, num - i - 1);
        num--;
    }

    private void append(long off, int size) {
        ensureCapacity(num + 1);
        offs[num] = off;
        sizes[num] = size;
        num++;
    }

    private void ensureCapacity(int n) {
        if (n > offs.length) {
            int cap = Math.max(n, offs.length * 2);
            offs = Arrays.copyOf(offs, cap);
            sizes = Arrays.copyOf(sizes, cap);
        }
    }

    private void sortBySize() {
        heapSort(true);
    }

    private void sortByOffset() {
        heapSort(false);
    }

    /**
     * TC's heap sort, reproduced step for step: it is unstable, and the order it leaves equal sizes
     * in decides which of several equal blocks is reused first.
     */
    private void heapSort(boolean bySize) {
        int n = num - 1;
        int bottom = n / 2 + 1;
        int top = n;
        while (bottom > 0) {
            bottom--;
            sift(bottom, top, bySize);
        }
        while (top > 0) {
            swap(0, top);
            top--;
            sift(bottom, top, bySize);
        }
    }

    private void sift(int m, int top, boolean bySize) {
        int i = m * 2;
        while (i <= top) {
            if (i < top && greater(i + 1, i, bySize)) {
                i++;
            }
            if (!greater(i, m, bySize)) {
                break;
            }
            swap(m, i);
            m = i;
            i = m * 2;
        }
    }

    private boolean greater(int a, int b, boolean bySize) {
        return bySize ? Integer.compareUnsigned(sizes[a], sizes[b]) > 0 : offs[a] > offs[b];
    }

    private void swap(int a, int b) {
        long o = offs[a];
        offs[a] = offs[b];
        offs[b] = o;
        int s = sizes[a];
        sizes[a] = sizes[b];
        sizes[b] = s;
    }
}
