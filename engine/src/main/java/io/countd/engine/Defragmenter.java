package io.countd.engine;

/**
 * TC's incremental defragmentation: from a cursor, find the next free block, then slide the
 * records after it down over the gap (dropping whole alignment units of their padding), relinking
 * each moved record from its parent, until a step budget is spent; the gathered free space becomes
 * one free block, or, at the end of the file, is cut off. Repeated steps compact the whole file.
 *
 * <p>Writer-only and single-threaded.
 */
final class Defragmenter {
    /** A tail smaller than this is merged into the previous chunk when splitting huge free space. */
    private static final int MIN_CHUNK = 48;

    private final Engine e;
    private final Records records;
    private final Block rec;

    Defragmenter(Engine engine, Records records) {
        this.e = engine;
        this.records = records;
        this.rec = new Block(engine.readUnit(), engine.order());
    }

    /**
     * TC's automatic defragmentation: a step of {@code 2 * unit + 1} blocks once more than
     * {@code unit} blocks were freed since the last step; nothing when {@code unit} is 0.
     */
    void stepIfDue(int unit) {
        if (unit > 0 && e.pool().insertions() > unit) {
            step(unit * 2L + 1);
        }
    }

    /** Defragments the whole file. */
    void full() {
        Cursors c = e.cursors();
        c.defragTo(e.header().frec);
        while (true) {
            long before = c.defragAt();
            step(255);
            if (c.defragAt() <= before) {
                return;
            }
        }
    }

    /** One defragmentation step that examines up to {@code step} blocks (TC's {@code tchdbdefragimpl}). */
    void step(long step) {
        e.pool().resetInsertions();
        Cursors c = e.cursors();
        while (true) {
            if (c.defragAt() >= e.header().fsiz) {
                c.defragTo(e.header().frec);
                return;
            }
            if (step-- < 1) {
                return;
            }
            e.readBlock(c.defragAt(), rec);
            if (rec.magic == Block.MAGIC_FREE) {
                break;
            }
            c.defragTo(c.defragAt() + rec.size);
        }
        long base = c.defragAt();
        long dest = base;
        long cur = base;
        c.skipped(cur, rec.size);
        cur += rec.size;
        long freed = cur - dest;
        step++;
        while (step > 0 && cur < e.header().fsiz) {
            e.readBlock(cur, rec);
            long size = rec.size;
            if (rec.isRecord()) {
                freed += rec.cutPadding(e.align());
                shift(dest, cur - dest, size);
                c.moved(cur, dest);
                dest += rec.size;
                step--;
            } else {
                c.skipped(cur, rec.size);
                freed += rec.size;
            }
            cur += size;
        }
        if (cur < e.header().fsiz) {
            if (freed > FreeBlockPool.MAX_BLOCK) {
                e.pool().trim(base, cur, 0, 0);
                long off = dest;
                long left = freed;
                while (left > 0) {
                    long chunk = Math.min(left, FreeBlockPool.MAX_BLOCK);
                    if (left - chunk < MIN_CHUNK) {
                        chunk = left;
                    }
                    e.pool().insert(off, (int) chunk, c);
                    e.writeFreeBlock(off, chunk);
                    off += chunk;
                    left -= chunk;
                }
            } else {
                e.pool().trim(base, cur, dest, (int) freed);
                e.writeFreeBlock(dest, freed);
            }
            c.defragTo(cur - freed);
        } else {
            if (e.inTransaction()) {
                e.logRegion(dest, freed);
            }
            e.pool().trim(base, cur, 0, 0);
            c.defragTo(e.header().frec);
            e.fileSizeIs(dest);
            c.truncated(e.header().fsiz);
            if (!e.inTransaction()) {
                e.truncate(e.header().fsiz);
            }
        }
    }

    /**
     * Moves the record in {@link #rec} ({@code oldSize} bytes on disk, {@code rec.size} after the
     * padding cut) down to {@code dest}, over a gap of {@code gap} free bytes, and relinks it.
     *
     * <p>TC writes the record at {@code dest}, then relinks it; when the record is larger than the
     * gap the new image overwrites the start of the old one, and a crash before the relink loses the
     * record, while the gap behind a moved record has no free block header until the step ends, so
     * a physical walk after a crash stops there. Here the record stays findable and the record
     * section walkable at every moment, at the cost of extra writes that the finished step
     * overwrites (so the final bytes are TC's): headers that keep the gap a free block, and, when
     * the record overlaps its own destination, a temporary copy beyond the logical end of the file
     * that holds the record while its old place is overwritten.
     */
    private void shift(long dest, long gap, long oldSize) {
        byte[] key = e.key(rec);
        byte[] value = e.storedValue(rec);
        long bidx = KeyHash.bucket(key, e.header().bnum);
        int hash = rec.hash;
        long link = e.bucketLink(bidx);
        if (e.link(link) != rec.off) {
            Block found = e.writerBlock();
            link = records.find(key, bidx, KeyHash.secondary(key), found);
            if (link < 0) {
                throw e.fail(TcError.NOREC, "a record being moved is not reachable from its bucket");
            }
            if (found.off != rec.off) {
                throw e.fail(TcError.RHEAD, "the record at offset " + rec.off + " is a stale copy of the one at "
                        + found.off);
            }
        }
        Allocator a = records.allocator();
        RecordImage r = a.image(hash, rec.left, rec.right, key, value);
        int size = (int) rec.size;
        int psiz = rec.psiz;
        long end = rec.off + oldSize;
        long rest = gap - size;
        long spare = e.header().fsiz;
        // A gap left over in front of the old record needs a header, which takes 5 bytes.
        boolean copy = rest != 0 && rest < Block.MIN_SIZE && (e.width() == 8 || (spare >>> e.apow()) <= 0xFFFF_FFFFL);
        if (copy) {
            a.place(spare, size, psiz, r);
            e.extend(size);
            e.setLink(link, spare);
            freeHeader(dest, end - dest);
            freeHeader(dest + size, end - dest - size);
        } else if (rest >= Block.MIN_SIZE) {
            freeHeader(dest + size, rest);
        }
        a.place(dest, size, psiz, r);
        e.setLink(link, dest);
        if (copy) {
            e.fileSizeIs(spare);
        } else {
            freeHeader(dest + size, end - dest - size);
        }
    }

    /** An interim free block header, which the finished step overwrites; too large a size cannot be written. */
    private void freeHeader(long off, long size) {
        if (size <= 0xFFFF_FFFFL) {
            e.writeFreeBlock(off, size);
        }
    }
}
