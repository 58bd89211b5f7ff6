package io.countd.engine;

import java.nio.ByteBuffer;

/**
 * Where records go and how they are written, following TC 1.4.48 exactly since it decides the
 * file's bytes: a record is appended at the end, rewritten in its slot when it fits (padding
 * absorbing the slack, a slack above 65535 bytes split off as a free block), grown over the free
 * blocks that follow it ("splice"), or moved, its old slot freed and a new one taken from the free
 * block pool. Removal frees the slot and relinks the tree.
 *
 * <p>Writer-only and single-threaded, like the {@link Engine} it works on.
 */
final class Allocator {
    /** The largest padding a record header can express. */
    private static final int MAX_PADDING = 0xFFFF;

    private final Engine e;
    private final FreeBlockPool.Allocation found = new FreeBlockPool.Allocation();

    Allocator(Engine engine) {
        this.e = engine;
    }

    /** The size of a record's header for the given key and value sizes. */
    int headerSize(int ksiz, int vsiz) {
        return 2 + 2 * e.width + 2 + Varint.length(ksiz) + Varint.length(vsiz);
    }

    /**
     * Finds space for a new record as TC 1.4.48 does: it asks the pool for the header size only,
     * so the slot it gets may be too small and is then grown or exchanged by {@link #write}.
     * Returns the slot size, 0 meaning "append"; the slot offset is in {@link #slotOffset()}.
     */
    long reserveNew(int ksiz, int vsiz) {
        return take(headerSize(ksiz, vsiz));
    }

    private long slotOff;

    long slotOffset() {
        return slotOff;
    }

    /** Takes a slot of at least {@code req} bytes from the pool, or an append slot (size 0). */
    private long take(int req) {
        if (e.pool.search(req, e.align, found, e.cursors)) {
            if (found.splitOff != 0) {
                e.writeFreeBlock(found.splitOff, Integer.toUnsignedLong(found.splitSize));
            }
            slotOff = found.off;
            return Integer.toUnsignedLong(found.size);
        }
        slotOff = e.meta.fsiz;
        return 0;
    }

    /**
     * Writes a record into the slot {@code (off, size)} (size 0: append at the end), growing or
     * moving it as needed, then points the parent link at {@code linkOff} (0: the bucket entry
     * {@code bidx}) at it.
     *
     * <p>TC marks a record's old slot free before writing the record elsewhere and relinking it,
     * so a crash in between leaves a tree link to a free block: the record is lost and later
     * writers fail. Here the old slot's free block header is written last, after the link: until
     * then the old record stays intact and findable, and after a crash at any point the record is
     * in its old place or its new one (the other copy is an unlinked duplicate, which the next
     * writer frees, see {@link CrashRepair}). The final bytes are the same; only the order differs.
     */
    void write(long off, long size, int hash, long left, long right, byte[] key, byte[] val, int voff, int vlen,
            long bidx, long linkOff) {
        int ksiz = key.length;
        int hsiz = headerSize(ksiz, vlen);
        long need = (long) hsiz + ksiz + vlen;
        int psiz;
        long grow = 0;
        long vacated = -1;
        long vacatedSize = 0;
        while (true) {
            if (size == 0) {
                off = e.meta.fsiz;
                psiz = Layout.padding(off + need, e.align);
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
                e.pool.insert(off, (int) size, e.cursors);
                vacated = off;
                vacatedSize = size;
                size = take((int) need);
                off = slotOff;
                continue;
            }
            long slack = size - need;
            if (slack > MAX_PADDING) {
                psiz = Layout.padding(off + need, e.align);
                long next = off + need + psiz;
                long rest = size - need - psiz;
                size = next - off;
                e.writeFreeBlock(next, rest);
                e.pool.insert(next, (int) rest, e.cursors);
            } else {
                psiz = (int) slack;
            }
            break;
        }
        place(off, (int) size, hash, left, right, psiz, key, val, voff, vlen);
        if (grow != 0) {
            e.meta.fsiz += grow;
            e.patchFileSize();
        }
        link(bidx, linkOff, off);
        if (vacated >= 0) {
            e.writeFreeBlock(vacated, vacatedSize);
        }
    }

    /** Writes a record image of {@code size} bytes at {@code off}, without linking it. */
    void place(long off, int size, int hash, long left, long right, int psiz, byte[] key, byte[] val, int voff,
            int vlen) {
        ByteBuffer rec = e.recordBuffer(size);
        encode(rec, 0, size, hash, left, right, psiz, key, val, voff, vlen);
        e.write(off, rec.array(), 0, size);
        e.trimRecordBuffer();
    }

    /** Points the link at {@code linkOff} (0: the bucket entry {@code bidx}) at the record at {@code off}. */
    void link(long bidx, long linkOff, long off) {
        if (linkOff > 0) {
            e.writeLink(linkOff, off);
        } else {
            e.setBucket(bidx, off);
        }
    }

    /**
     * Writes a record image of {@code size} bytes at {@code pos} of {@code dst} (whose byte order is
     * the file's): header, key, value, then zeros up to {@code size}, {@code psiz} being the
     * padding recorded in the header.
     */
    void encode(ByteBuffer dst, int pos, int size, int hash, long left, long right, int psiz, byte[] key,
            byte[] val, int voff, int vlen) {
        byte[] raw = dst.array();
        raw[pos] = (byte) Block.MAGIC_RECORD;
        raw[pos + 1] = (byte) hash;
        int p;
        if (e.width == 8) {
            dst.putLong(pos + 2, left >>> e.apow);
            dst.putLong(pos + 10, right >>> e.apow);
            p = pos + 18;
        } else {
            dst.putInt(pos + 2, (int) (left >>> e.apow));
            dst.putInt(pos + 6, (int) (right >>> e.apow));
            p = pos + 10;
        }
        dst.putShort(p, (short) psiz);
        p = Varint.write(raw, p + 2, key.length);
        p = Varint.write(raw, p, vlen);
        System.arraycopy(key, 0, raw, p, key.length);
        p += key.length;
        System.arraycopy(val, voff, raw, p, vlen);
        p += vlen;
        java.util.Arrays.fill(raw, p, pos + size, (byte) 0);
    }

    /**
     * Grows the slot {@code (off, size)} over the free blocks that follow it on disk (whether or
     * not the pool knows them), to at least {@code need} bytes; a large remainder is split off
     * again. Returns the new slot size, or -1 if the free space behind the slot is too small.
     */
    private long splice(long off, long size, long need) {
        long end = off + size;
        Block b = e.scanBlock;
        while (end < e.meta.fsiz) {
            e.readBlock(end, b);
            if (b.magic != Block.MAGIC_FREE) {
                break;
            }
            e.cursors.absorbed(end, b.size);
            end += b.size;
        }
        long joined = end - off;
        if (joined < need) {
            return -1;
        }
        e.pool.removeRange(off, end);
        if (joined > need * 2) {
            long next = off + need + Layout.padding(off + need, e.align);
            if (joined >= (next - off) * 2) {
                e.writeFreeBlock(next, end - next);
                e.pool.insert(next, (int) (end - next), e.cursors);
                return next - off;
            }
        }
        return joined;
    }

    /**
     * Removes the record {@code r}, reached through the link at {@code linkOff} (0: bucket
     * {@code bidx}): frees its slot and replaces it in the tree by its left subtree, whose right-most
     * node adopts the removed record's right subtree (or by its only child).
     *
     * <p>As in {@link #write}, the free block header comes last (TC writes it first): a crash
     * before it leaves the record in the tree, or unlinked but intact, never a link to a free
     * block. Between the adoption and the relink the right subtree hangs under both the removed
     * record and its new parent; lookups are still correct, and {@link CrashRepair} undoes the
     * adoption after a crash.
     */
    void remove(Block r, long bidx, long linkOff) {
        long off = r.off;
        long size = r.size;
        long left = r.left;
        long right = r.right;
        e.pool.insert(off, (int) size, e.cursors);
        long child;
        if (left > 0 && right < 1) {
            child = left;
        } else if (left < 1 && right > 0) {
            child = right;
        } else if (left < 1) {
            child = 0;
        } else {
            child = left;
            Block b = e.scanBlock;
            LoopGuard guard = b.guard.reset();
            long cur = left;
            while (true) {
                guard.visit(e, cur);
                e.readRecord(cur, b);
                if (b.right < 1) {
                    break;
                }
                cur = b.right;
            }
            e.writeLink(e.rightLink(cur), right);
        }
        link(bidx, linkOff, child);
        e.writeFreeBlock(off, size);
        e.meta.rnum--;
        e.patchRecordCount();
    }
}
