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
     */
    void write(long off, long size, int hash, long left, long right, byte[] key, byte[] val, int voff, int vlen,
            long bidx, long linkOff) {
        int ksiz = key.length;
        int hsiz = headerSize(ksiz, vlen);
        long need = (long) hsiz + ksiz + vlen;
        int psiz;
        long grow = 0;
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
                e.writeFreeBlock(off, size);
                e.pool.insert(off, (int) size, e.cursors);
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
        ByteBuffer rec = e.recordBuffer((int) size);
        encode(rec, 0, (int) size, hash, left, right, psiz, key, val, voff, vlen);
        e.write(off, rec.array(), 0, (int) size);
        e.trimRecordBuffer();
        if (grow != 0) {
            e.meta.fsiz += grow;
            e.patchFileSize();
        }
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
     */
    void remove(Block r, long bidx, long linkOff) {
        long off = r.off;
        long left = r.left;
        long right = r.right;
        e.writeFreeBlock(off, r.size);
        e.pool.insert(off, (int) r.size, e.cursors);
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
        if (linkOff > 0) {
            e.writeLink(linkOff, child);
        } else {
            e.setBucket(bidx, child);
        }
        e.meta.rnum--;
        e.patchRecordCount();
    }
}
