package io.countd.engine;

import java.nio.ByteBuffer;

/**
 * Where records go and how they are written, following TC 1.4.48 exactly since it decides the
 * file's bytes: a record is appended at the end, rewritten in its slot when it fits (padding
 * absorbing the slack, a slack above 65535 bytes split off as a free block), grown over the free
 * blocks that follow it ("splice"), or moved, its old slot freed and a new one taken from the free
 * block pool. Removal frees the slot and relinks the tree.
 *
 * <p>A record's parent link is given as a file position ({@link Engine#bucketLink} for the root
 * of a bucket's tree, else a child link inside the parent record). Writer-only and
 * single-threaded, like the {@link Engine} it works on.
 */
final class Allocator {
    /** The largest padding a record header can express. */
    private static final int MAX_PADDING = 0xFFFF;

    /** The offset {@link #store} takes for "a new record: ask the pool first". */
    private static final long NEW = -1;

    private final Engine e;
    private final FreeBlockPool pool;
    private final RecordImage image = new RecordImage();
    /** The pool's answer to a search, reused: the pool fills it, {@link #store} reads it at once. */
    private final FreeBlockPool.Allocation found = new FreeBlockPool.Allocation();

    Allocator(Engine engine) {
        this.e = engine;
        this.pool = engine.pool();
    }

    /** This allocator's record image, refilled: for callers that place and link records themselves. */
    RecordImage image(int hash, long left, long right, byte[] key, byte[] value) {
        return image.of(hash, left, right, key, value);
    }

    /**
     * Stores a new leaf record and hangs it on the link at {@code linkPos}. Like TC 1.4.48 it asks
     * the pool for space for the header only, so the slot it gets may be too small and is then
     * grown or exchanged; with no fitting free block the record is appended.
     */
    void insert(long linkPos, int hash, byte[] key, byte[] value) {
        store(NEW, 0, image.of(hash, 0, 0, key, value), linkPos);
    }

    /**
     * Replaces the value of the record {@code old} (reached through {@code linkPos}) by {@code value}.
     * A value of the old one's size changes only the value's bytes: the record keeps its slot,
     * header and padding as TC's rewrite in place leaves them, so the rest is not written again.
     */
    void rewrite(Block old, long linkPos, byte[] key, byte[] value) {
        if (value.length == old.vsiz) {
            e.write(old.valueOffset(), value, 0, value.length);
            return;
        }
        store(old.off, old.size, image.of(old.hash, old.left, old.right, key, value), linkPos);
    }

    /**
     * Takes a slot of at least {@code req} bytes from the pool, writing the header of a remainder
     * split off it; null when no free block fits and the record goes to the end of the file.
     */
    private FreeBlockPool.Allocation take(int req) {
        FreeBlockPool.Allocation slot = pool.search(req, e.align(), found, e.cursors());
        if (slot != null && slot.splitOff != 0) {
            e.writeFreeBlock(slot.splitOff, Integer.toUnsignedLong(slot.splitSize));
        }
        return slot;
    }

    /**
     * Writes record {@code r} into the slot {@code (off, size)} (size 0: append at the end; offset
     * {@link #NEW}: a slot from the pool for a new record), growing or moving it as needed, then
     * points the link at {@code linkPos} at it.
     *
     * <p>TC marks a record's old slot free before writing the record elsewhere and relinking it,
     * so a crash in between leaves a tree link to a free block: the record is lost and later
     * writers fail. Here the old slot's free block header is written last, after the link: until
     * then the old record stays intact and findable, and after a crash at any point the record is
     * in its old place or its new one (the other copy is an unlinked duplicate, which the next
     * writer frees, see {@link CrashRepair}). The final bytes are the same; only the order differs.
     */
    private void store(long off, long size, RecordImage r, long linkPos) {
        long own = off;
        long need = r.need(e.width());
        // What to ask the pool for before placing: TC 1.4.48 asks for a new record's header size
        // only, so the slot it gets may be too small and is then grown or exchanged.
        long request = off == NEW ? RecordImage.headerSize(e.width(), r.key.length, r.value.length) : 0;
        int psiz;
        long grow = 0;
        long vacated = -1;
        long vacatedSize = 0;
        while (true) {
            if (request > 0) {
                FreeBlockPool.Allocation slot = take((int) request);
                off = slot != null ? slot.off : 0;
                size = slot != null ? Integer.toUnsignedLong(slot.size) : 0;
                request = 0;
            }
            if (size == 0) {
                off = e.header().fsiz;
                psiz = Layout.padding(off + need, e.align());
                size = need + psiz;
                grow = size;
                break;
            }
            if (need > size) {
                long spliced = splice(off, size, need);
                if (spliced > 0) {
                    size = spliced;
                    continue;
                }
                pool.insert(off, (int) size, e.cursors());
                vacated = off;
                vacatedSize = size;
                request = need;
                continue;
            }
            long slack = size - need;
            if (slack > MAX_PADDING) {
                psiz = Layout.padding(off + need, e.align());
                long next = off + need + psiz;
                long rest = size - need - psiz;
                size = next - off;
                e.writeFreeBlock(next, rest);
                pool.insert(next, (int) rest, e.cursors());
            } else {
                psiz = (int) slack;
            }
            break;
        }
        write(off, (int) size, psiz, r, off != own);
        if (grow != 0) {
            e.extend(grow);
        }
        if (off != own) {
            // A record rewritten where it was is already what its link points at.
            e.setLink(linkPos, off);
        }
        if (vacated >= 0) {
            e.writeFreeBlock(vacated, vacatedSize);
        }
    }

    /**
     * Writes {@code r} as a block of {@code size} bytes with {@code psiz} bytes of padding at
     * {@code off}, unlinked, where a free block (or the end of the file) is.
     */
    void place(long off, int size, int psiz, RecordImage r) {
        write(off, size, psiz, r, true);
    }

    /** Writes the block image; {@code overFreeBlock} false where the record itself is, rewritten in place. */
    private void write(long off, int size, int psiz, RecordImage r, boolean overFreeBlock) {
        ByteBuffer rec = e.recordBuffer(size);
        r.encode(rec, 0, size, psiz, e.width(), e.apow());
        e.writeBlockImage(off, rec, size, overFreeBlock);
        e.trimRecordBuffer();
    }

    /**
     * Grows the slot {@code (off, size)} over the free blocks that follow it on disk (whether or
     * not the pool knows them), to at least {@code need} bytes; a large remainder is split off
     * again. Returns the new slot size, or -1 if the free space behind the slot is too small.
     */
    private long splice(long off, long size, long need) {
        long end = off + size;
        Block b = e.scanBlock();
        while (end < e.header().fsiz) {
            e.readBlock(end, b);
            if (b.magic != Block.MAGIC_FREE) {
                break;
            }
            e.cursors().absorbed(end, b.size);
            end += b.size;
        }
        long joined = end - off;
        if (joined < need) {
            return -1;
        }
        pool.removeRange(off, end);
        if (joined > need * 2) {
            long next = off + need + Layout.padding(off + need, e.align());
            if (joined >= (next - off) * 2) {
                e.writeFreeBlock(next, end - next);
                pool.insert(next, (int) (end - next), e.cursors());
                return next - off;
            }
        }
        return joined;
    }

    /**
     * Removes the record {@code r}, reached through the link at {@code linkPos}: frees its slot
     * and replaces it in the tree by its left subtree, whose right-most node adopts the removed
     * record's right subtree (or by its only child).
     *
     * <p>As in {@link #store}, the free block header comes last (TC writes it first): a crash
     * before it leaves the record in the tree, or unlinked but intact, never a link to a free
     * block. Between the adoption and the relink the right subtree hangs under both the removed
     * record and its new parent; lookups are still correct, and {@link CrashRepair} undoes the
     * adoption after a crash.
     */
    void remove(Block r, long linkPos) {
        long off = r.off;
        long size = r.size;
        long left = r.left;
        long right = r.right;
        pool.insert(off, (int) size, e.cursors());
        long child;
        if (left > 0 && right < 1) {
            child = left;
        } else if (left < 1 && right > 0) {
            child = right;
        } else if (left < 1) {
            child = 0;
        } else {
            child = left;
            Block b = e.scanBlock();
            LoopGuard guard = b.guard.reset();
            long cur = left;
            while (true) {
                e.visit(guard, cur);
                e.readRecord(cur, b);
                if (b.right < 1) {
                    break;
                }
                cur = b.right;
            }
            e.setLink(e.rightLink(cur), right);
        }
        e.setLink(linkPos, child);
        e.writeFreeBlock(off, size);
        e.recordRemoved();
    }
}
