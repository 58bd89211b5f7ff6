package io.countd.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Checks every structural invariant of an open file and names each violation: the header (beyond
 * what opening already demands: alignment of the record section), the blocks tiling the record
 * section (magic, alignment, sizes ending within it), each bucket's tree (links to records inside
 * the section, in the bucket of their key, with their key's hash byte, in TC's order, no loops and
 * no node reached twice), records no tree reaches, the saved free block pool of a cleanly closed
 * file (each entry a run of free blocks), and the record count against the records reached.
 *
 * <p>Reads only; runs under the handle's read lock. Memory: one long per block of the file.
 */
final class Verifier {
    /** Reporting stops after this many findings; a wrecked file would otherwise list every block. */
    private static final int MAX_FINDINGS = 1000;

    private final Engine e;
    private final List<String> findings = new ArrayList<>();
    private long[] records = new long[1024];
    private int recordCount;
    private long[] frees = new long[256];
    private int freeCount;
    private long[] reached;
    /** Where the physical walk stopped at damage; blocks beyond are checked one by one as the trees reach them. */
    private long walkedTo;
    private final java.util.Set<Long> reachedBeyond = new java.util.HashSet<>();

    Verifier(Engine engine) {
        this.e = engine;
    }

    List<String> run() {
        Header m = e.header();
        if (e.unsyncedBeforeRestart()) {
            note("the file was being changed without a sync when its machine stopped (its .unsynced mark is from"
                    + " another boot): records may be lost or wrong without any structural sign");
        }
        if (Layout.padding(m.frec, e.align()) != 0) {
            note("header: the first record offset " + m.frec + " is not a multiple of the alignment " + e.align());
        }
        walk();
        reached = new long[(recordCount + 63) / 64];
        long linked = 0;
        for (long b = 0; b < m.bnum && findings.size() < MAX_FINDINGS; b++) {
            linked += tree(b);
        }
        for (int i = 0; i < recordCount && findings.size() < MAX_FINDINGS; i++) {
            if ((reached[i >>> 6] & (1L << i)) == 0) {
                note("record at offset " + records[i] + " is not linked from its bucket's tree");
            }
        }
        if (linked != m.rnum) {
            note("header: the record count is " + m.rnum + ", but the trees reach " + linked + " records");
        }
        if ((m.flags & Header.FLAG_OPEN) == 0) {
            pool();
        }
        return findings.size() > MAX_FINDINGS ? findings.subList(0, MAX_FINDINGS) : findings;
    }

    private void note(String finding) {
        findings.add(finding);
    }

    /** The physical walk: blocks must tile [frec, fsiz) exactly. */
    private void walk() {
        Block b = new Block(e.readUnit(), e.order());
        long off = e.header().frec;
        walkedTo = e.header().fsiz;
        while (off < e.header().fsiz) {
            try {
                e.readBlockQuietly(off, b);
            } catch (TcException x) {
                note("block at offset " + off + ": " + detail(x) + "; the blocks after it cannot be walked");
                walkedTo = off;
                return;
            }
            if (Layout.padding(off, e.align()) != 0) {
                note("block at offset " + off + " is not aligned to " + e.align() + " bytes");
            }
            if (b.isRecord()) {
                if (recordCount == records.length) {
                    records = Arrays.copyOf(records, recordCount * 2);
                }
                records[recordCount++] = off;
            } else {
                if (freeCount == frees.length) {
                    frees = Arrays.copyOf(frees, freeCount * 2);
                }
                frees[freeCount++] = off;
            }
            off += b.size;
        }
    }

    /** Walks one bucket's tree; returns the number of records it reaches. */
    private long tree(long bucket) {
        long root = e.bucket(bucket);
        if (root == 0) {
            return 0;
        }
        long count = 0;
        Block node = new Block(e.readUnit(), e.order());
        Block bound = new Block(e.readUnit(), e.order());
        // Each entry: the node, then the nodes it must sort after and before (0: no bound).
        Deque<long[]> stack = new ArrayDeque<>();
        stack.push(new long[] {root, 0, 0, 0});
        while (!stack.isEmpty() && findings.size() < MAX_FINDINGS) {
            long[] t = stack.pop();
            long off = t[0];
            String where = t[3] == 0 ? "bucket " + bucket : "the link at offset " + t[3] + " (bucket " + bucket + ")";
            int i = Arrays.binarySearch(records, 0, recordCount, off);
            if (i < 0 && off > walkedTo && off < e.header().fsiz && isRecord(off, node)) {
                if (!reachedBeyond.add(off)) {
                    note(where + " leads again to the record at offset " + off + " (a loop or a shared subtree)");
                    continue;
                }
            } else if (i < 0) {
                boolean free = Arrays.binarySearch(frees, 0, freeCount, off) >= 0;
                note(where + " points at offset " + off + ", which is "
                        + (free ? "a free block" : off < e.header().frec || off >= e.header().fsiz
                                ? "outside the record section" : "not the start of a block"));
                continue;
            }
            if (i >= 0 && (reached[i >>> 6] & (1L << i)) != 0) {
                note(where + " leads again to the record at offset " + off + " (a loop or a shared subtree)");
                continue;
            }
            if (i >= 0) {
                reached[i >>> 6] |= 1L << i;
            }
            count++;
            e.readBlockQuietly(off, node);
            byte[] key = e.key(node);
            if (KeyHash.bucket(key, e.header().bnum) != bucket) {
                note("record at offset " + off + " is in bucket " + bucket + ", but its key belongs in bucket "
                        + KeyHash.bucket(key, e.header().bnum));
            }
            if (KeyHash.secondary(key) != node.hash) {
                note("record at offset " + off + " has hash byte " + node.hash + ", but its key hashes to "
                        + KeyHash.secondary(key));
            }
            if (t[1] != 0 && compare(node, key, t[1], bound) <= 0) {
                note("record at offset " + off + " is out of order: it must sort after the record at " + t[1]);
            }
            if (t[2] != 0 && compare(node, key, t[2], bound) >= 0) {
                note("record at offset " + off + " is out of order: it must sort before the record at " + t[2]);
            }
            if (node.right > 0) {
                stack.push(new long[] {node.right, t[1], off, e.rightLink(off)});
            }
            if (node.left > 0) {
                stack.push(new long[] {node.left, off, t[2], Engine.leftLink(off)});
            }
        }
        return count;
    }

    /** Whether a valid record starts at {@code off}: for blocks the walk could not reach. */
    private boolean isRecord(long off, Block scratch) {
        try {
            e.readBlockQuietly(off, scratch);
            return scratch.isRecord();
        } catch (TcException x) {
            return false;
        }
    }

    /** TC's tree order of a record against the record at {@code other}: greater goes left. */
    private int compare(Block node, byte[] key, long other, Block scratch) {
        e.readBlockQuietly(other, scratch);
        if (node.hash != scratch.hash) {
            return node.hash - scratch.hash;
        }
        return e.compareKey(key, scratch);
    }

    /** The saved pool of a cleanly closed file: every entry must be a run of free blocks. */
    private void pool() {
        FreeBlockPool saved = new FreeBlockPool(e.header().fpow);
        try {
            saved.load(e.file(), e.poolRegion(), e.header().frec - e.poolRegion(), e.apow());
        } catch (java.io.IOException x) {
            note("free block pool: unreadable: " + x.getMessage());
            return;
        }
        Block b = new Block(e.readUnit(), e.order());
        for (int i = 0; i < saved.size() && findings.size() < MAX_FINDINGS; i++) {
            long off = saved.offset(i);
            long end = off + Integer.toUnsignedLong(saved.blockSize(i));
            if (off < e.header().frec || end > e.header().fsiz) {
                note("free block pool entry (" + off + ", " + (end - off) + ") lies outside the record section");
                continue;
            }
            for (long p = off; p < end; p += b.size) {
                if (Arrays.binarySearch(frees, 0, freeCount, p) < 0) {
                    note("free block pool entry (" + off + ", " + (end - off) + ") covers offset " + p
                            + ", which is not a free block");
                    break;
                }
                e.readBlockQuietly(p, b);
            }
        }
    }

    private static String detail(TcException x) {
        String m = x.getMessage();
        int colon = m.indexOf(": ");
        return colon >= 0 ? m.substring(colon + 2) : m;
    }
}
