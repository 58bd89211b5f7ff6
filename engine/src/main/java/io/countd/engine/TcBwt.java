package io.countd.engine;

import java.util.Arrays;

/**
 * The Burrows–Wheeler transform of one TCBS unit, as Tokyo Cabinet computes it.
 *
 * <p>The forward transform sorts the cyclic rotations of the unit and emits the byte preceding each
 * rotation in sorted order, plus the primary index: the sorted position of the unrotated unit. When a
 * unit is periodic several rotations are identical, and the primary index then depends on how the
 * sort orders equal elements. To emit the same index as the C library, {@link #forward} replays TC's
 * exact sort procedure (radix passes on the first bytes, then insertion sort or heap sort, none of
 * them stable) with one change: every string comparison is replaced by a comparison of precomputed
 * rotation ranks. Both comparisons have the same sign, so the replay makes the same moves, while the
 * ranks, computed by prefix doubling in O(n log n), keep the cost at O(n log n) for any input
 * (TC's byte-wise comparisons degrade to O(n² log n) on long repeats).
 *
 * <p>An instance is a reusable workspace for units of up to the capacity given at construction. It
 * is <em>not</em> thread-safe; callers use one instance per thread (or per call).
 */
final class TcBwt {
    /** Subarrays smaller than this are insertion-sorted rather than radix-sorted (TC_BWTCNTMIN). */
    private static final int RADIX_MIN = 64;
    /** The deepest radix level; its buckets are heap-sorted (TC_BWTCNTLV). */
    private static final int RADIX_MAX_LEVEL = 4;

    private final int[] rank;
    private final int[] order;
    private final int[] scratch;
    private final int[] spare;
    private final int[] tally;
    private final int[][] levelCounts = new int[RADIX_MAX_LEVEL + 1][256];

    private byte[] unit;
    private int unitOff;
    private int n;

    /** A workspace for units of up to {@code capacity} bytes. */
    TcBwt(int capacity) {
        rank = new int[capacity];
        order = new int[capacity];
        scratch = new int[capacity];
        spare = new int[capacity];
        tally = new int[Math.max(capacity, 256)];
    }

    /**
     * Transforms {@code len} (at least 1, at most the capacity) bytes of {@code src} from {@code off}
     * and writes the {@code len} last-column bytes to {@code dst} from {@code dstOff}.
     *
     * @return the primary index
     */
    int forward(byte[] src, int off, int len, byte[] dst, int dstOff) {
        unit = src;
        unitOff = off;
        n = len;
        rankRotations();
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (n >= RADIX_MIN) {
            radixSort(0, n, 0);
        } else {
            insertionSort(0, n);
        }
        int primary = 0;
        for (int i = 0; i < n; i++) {
            int start = order[i];
            if (start == 0) {
                primary = i;
            }
            dst[dstOff + i] = src[off + (start == 0 ? n : start) - 1];
        }
        unit = null;
        return primary;
    }

    /**
     * Inverts the transform: {@code len} (at least 1) last-column bytes of {@code src} from
     * {@code off} with the given primary index (already below {@code len}) are written, decoded, to
     * {@code dst} from {@code dstOff}.
     * Any last column and index decode to something, exactly as in TC: the walk follows the cycle
     * through the index, which for a genuine transform visits the whole unit, and for a periodic unit
     * visits one period, repeated.
     */
    static void inverse(byte[] src, int off, int len, int primary, byte[] dst, int dstOff) {
        int[] start = new int[256];
        int[] work = new int[len];
        for (int i = 0; i < len; i++) {
            start[src[off + i] & 0xff]++;
        }
        int sum = 0;
        for (int b = 0; b < 256; b++) {
            int count = start[b];
            start[b] = sum;
            sum += count;
        }
        // work[p] is the row whose rotation starts one byte after row p's rotation; its last-column
        // byte is therefore the first byte of row p.
        for (int row = 0; row < len; row++) {
            work[start[src[off + row] & 0xff]++] = row;
        }
        int p = primary;
        for (int i = 0; i < len; i++) {
            p = work[p];
            dst[dstOff + i] = src[off + p];
        }
    }

    private int byteAt(int rotation, int depth) {
        int i = rotation + depth;
        return unit[unitOff + (i < n ? i : i - n)] & 0xff;
    }

    /**
     * Fills {@code rank} so that rank[i] &lt; rank[j] exactly when rotation i sorts before rotation
     * j, and equal ranks mean identical rotations.
     */
    private void rankRotations() {
        int[] sorted = scratch;
        int[] shifted = spare;
        int[] next = order; // free until the sort replay starts
        Arrays.fill(tally, 0, 256, 0);
        for (int i = 0; i < n; i++) {
            tally[byteAt(i, 0)]++;
        }
        for (int b = 1; b < 256; b++) {
            tally[b] += tally[b - 1];
        }
        for (int i = n - 1; i >= 0; i--) {
            sorted[--tally[byteAt(i, 0)]] = i;
        }
        int classes = 1;
        rank[sorted[0]] = 0;
        for (int i = 1; i < n; i++) {
            if (byteAt(sorted[i], 0) != byteAt(sorted[i - 1], 0)) {
                classes++;
            }
            rank[sorted[i]] = classes - 1;
        }
        // Invariant: rank orders rotations by their first h bytes. Doubling h until it covers the
        // whole unit makes rank compare complete rotations. A round that splits no class proves that
        // equal h-byte prefixes are followed by equal ones, so longer prefixes split nothing either:
        // this ends periodic units early.
        for (int h = 1, before = 0; h < n && classes < n && classes > before; h <<= 1) {
            before = classes;
            for (int i = 0; i < n; i++) {
                int s = sorted[i] - h;
                shifted[i] = s < 0 ? s + n : s;
            }
            Arrays.fill(tally, 0, classes, 0);
            for (int i = 0; i < n; i++) {
                tally[rank[shifted[i]]]++;
            }
            for (int c = 1; c < classes; c++) {
                tally[c] += tally[c - 1];
            }
            for (int i = n - 1; i >= 0; i--) {
                sorted[--tally[rank[shifted[i]]]] = shifted[i];
            }
            classes = 1;
            next[sorted[0]] = 0;
            for (int i = 1; i < n; i++) {
                int cur = sorted[i];
                int prev = sorted[i - 1];
                if (rank[cur] != rank[prev] || rank[wrap(cur + h)] != rank[wrap(prev + h)]) {
                    classes++;
                }
                next[cur] = classes - 1;
            }
            System.arraycopy(next, 0, rank, 0, n);
        }
    }

    private int wrap(int i) {
        return i < n ? i : i - n;
    }

    /**
     * TC's radix pass: distributes by the byte at {@code level}, which reverses the order of
     * elements within each bucket, then sorts each bucket further.
     */
    private void radixSort(int from, int count, int level) {
        int[] counts = levelCounts[level];
        Arrays.fill(counts, 0);
        int end = from + count;
        for (int i = from; i < end; i++) {
            counts[byteAt(order[i], level)]++;
        }
        int[] slot = tally;
        int sum = from;
        for (int b = 0; b < 256; b++) {
            slot[b] = sum + counts[b];
            sum += counts[b];
        }
        for (int i = from; i < end; i++) {
            int rotation = order[i];
            scratch[--slot[byteAt(rotation, level)]] = rotation;
        }
        System.arraycopy(scratch, from, order, from, count);
        int off = from;
        for (int b = 0; b < 256; b++) {
            int c = counts[b];
            if (c > 1) {
                if (c < RADIX_MIN) {
                    insertionSort(off, c);
                } else if (level < RADIX_MAX_LEVEL) {
                    radixSort(off, c, level + 1);
                } else {
                    heapSort(off, c);
                }
            }
            off += c;
        }
    }

    /** TC's insertion sort: an element smaller than its predecessor moves before all equal ones. */
    private void insertionSort(int from, int count) {
        int end = from + count;
        for (int i = from + 1; i < end; i++) {
            int moving = order[i];
            if (rank[order[i - 1]] > rank[moving]) {
                int j = i;
                while (j > from && rank[order[j - 1]] >= rank[moving]) {
                    order[j] = order[j - 1];
                    j--;
                }
                order[j] = moving;
            }
        }
    }

    /**
     * TC's heap sort, whose heap is irregular: node k has children 2k and 2k + 1, so the root 0 has
     * the single child 1. The replay must keep that shape because it decides where equal elements
     * end up.
     */
    private void heapSort(int from, int count) {
        int top = count - 1;
        int bottom = (top >> 1) + 1;
        while (bottom > 0) {
            bottom--;
            siftDown(from, bottom, top);
        }
        while (top > 0) {
            swap(from, from + top);
            top--;
            siftDown(from, 0, top);
        }
    }

    private void siftDown(int from, int node, int top) {
        int child = node << 1;
        while (child <= top) {
            if (child < top && rank[order[from + child + 1]] > rank[order[from + child]]) {
                child++;
            }
            if (rank[order[from + node]] >= rank[order[from + child]]) {
                return;
            }
            swap(from + node, from + child);
            node = child;
            child = node << 1;
        }
    }

    private void swap(int i, int j) {
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
}
