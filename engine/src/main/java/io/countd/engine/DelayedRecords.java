package io.countd.engine;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * TC's delayed record pool, behind {@code putasync}: new records are linked into their tree at
 * once but their bytes are gathered in memory at the end of the file and written in one go; a
 * record whose tree walk meets a node near or inside the pending area, or a node with the same
 * secondary hash, is set aside and later stored by an ordinary put. The pool is flushed when
 * either part passes 64 KiB, and before any other operation on the handle. Asynchronous puts never
 * reuse free blocks, so their files can differ from those of ordinary puts, exactly as TC's do.
 *
 * <p>TC writes each new record's link into the file at once, pointing beyond the file's end
 * until the flush; a crash before then leaves links to nowhere, on which later lookups and writers
 * fail. Here the links wait in memory ({@link PendingLinks}), the walks of later asynchronous puts
 * see them there, and the flush writes them only once the records they point at are in the file:
 * the final bytes are TC's.
 *
 * <p>Writer-only and single-threaded.
 */
final class DelayedRecords {
    private static final int UNIT = 65536;

    private final Engine e;
    private final Records records;
    private final Records.PutResult ignored = new Records.PutResult();
    private final List<byte[]> deferred = new ArrayList<>();
    private final PendingLinks links = new PendingLinks();
    private final RecordImage image = new RecordImage();
    private long deferredSize;
    private byte[] pending = new byte[UNIT + 2048];
    private ByteBuffer view;
    private int size;
    /** The file offset the pending bytes go to; -1 when nothing is pending. */
    private long anchor = -1;

    DelayedRecords(Engine engine, Records records) {
        this.e = engine;
        this.records = records;
        this.view = ByteBuffer.wrap(pending).order(engine.order());
    }

    boolean pending() {
        return anchor >= 0;
    }

    /** Stores a record asynchronously; {@code stored} is the value as stored (already encoded). */
    void put(byte[] key, byte[] stored) {
        records.checkRoom(key.length, stored.length);
        if (anchor < 0) {
            anchor = e.header().fsiz;
            size = 0;
        }
        long bidx = KeyHash.bucket(key, e.header().bnum);
        int hash = KeyHash.secondary(key);
        Block b = e.writerBlock();
        LoopGuard guard = b.guard.reset();
        long link = e.bucketLink(bidx);
        long off = links.resolve(link, -1);
        if (off < 0) {
            off = e.bucket(bidx);
        }
        while (off > 0) {
            if (off >= anchor - e.readUnit()) {
                defer(key, stored);
                return;
            }
            e.visit(guard, off);
            e.readRecord(off, b);
            if (hash > b.hash) {
                link = Engine.leftLink(off);
                off = links.resolve(link, b.left);
            } else if (hash < b.hash) {
                link = e.rightLink(off);
                off = links.resolve(link, b.right);
            } else {
                defer(key, stored);
                return;
            }
        }
        RecordImage r = image.of(hash, 0, 0, key, stored);
        long need = r.need(e.width());
        int psiz = Layout.padding(e.header().fsiz + need, e.align());
        int total = (int) need + psiz;
        ensure(size + total);
        r.encode(view, size, total, psiz, e.width(), e.apow());
        size += total;
        links.add(link, e.reservePending(total));
        if (size > UNIT) {
            flush();
        }
    }

    private void defer(byte[] key, byte[] stored) {
        deferred.add(key);
        deferred.add(stored);
        deferredSize += 8L + key.length + stored.length;
        if (deferredSize > UNIT) {
            flush();
        }
    }

    /**
     * Writes the pending records, makes them part of the file, links them, then replays the
     * deferred ones as ordinary puts. A crash part way leaves at worst records that are in the
     * file but not yet linked, which {@link CrashRepair} links.
     */
    void flush() {
        if (anchor < 0) {
            return;
        }
        e.write(anchor, pending, 0, size);
        e.pendingRecordsWritten();
        for (int i = 0; i < links.size(); i++) {
            e.setLink(links.position(i), links.target(i));
        }
        links.clear();
        for (int i = 0; i < deferred.size(); i += 2) {
            records.putRaw(deferred.get(i), deferred.get(i + 1), Records.Mode.OVERWRITE, ignored);
        }
        deferred.clear();
        deferredSize = 0;
        anchor = -1;
        size = 0;
        if (pending.length > 4 * UNIT) {
            pending = new byte[UNIT + 2048];
            view = ByteBuffer.wrap(pending).order(e.order());
        }
        e.pendingRecordsLinked();
    }

    private void ensure(int n) {
        if (n > pending.length) {
            pending = java.util.Arrays.copyOf(pending, Math.max(n, pending.length * 2));
            view = ByteBuffer.wrap(pending).order(e.order());
        }
    }
}
