package io.countd.engine;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The file positions that walk the record section: the handle's iterator ({@code iterinit} /
 * {@code iternext}), the defragmentation cursor, and the cursors of live Java iterators. When a
 * free block is absorbed by its neighbour or defragmentation moves a record, a cursor resting on
 * the affected block is moved as TC moves its own iterator, so that no cursor is ever left inside
 * another block. Iterator cursors are held weakly: an abandoned iterator costs nothing.
 *
 * <p>Adjustments happen under the handle's write lock; an iterator moves its own cursor under the
 * read lock.
 */
final class Cursors {
    /** Where an iterator stands once the file was cut before it. */
    static final long END = Long.MAX_VALUE;

    /** A position that the engine keeps on a block boundary. */
    static final class Cursor {
        private long off;

        /** The offset of the next block this cursor reads. */
        long at() {
            return off;
        }

        /** The iterator read the block before {@code off}. */
        void to(long off) {
            this.off = off;
        }
    }

    /** The handle's iterator; 0 before {@code iterinit}. */
    private final Cursor iter = new Cursor();
    /** Where defragmentation goes on. */
    private long dfcur;
    private final ConcurrentLinkedQueue<WeakReference<Cursor>> iterators = new ConcurrentLinkedQueue<>();

    /** Where the handle's iterator stands: 0 before {@code iterinit}, else the offset of the next block. */
    long iterAt() {
        return iter.off;
    }

    /** Moves the handle's iterator to {@code off} ({@code iterinit}, or a step of {@code iternext}). */
    void iterTo(long off) {
        iter.off = off;
    }

    /** Where the next defragmentation step starts. */
    long defragAt() {
        return dfcur;
    }

    void defragTo(long off) {
        dfcur = off;
    }

    /** A new iterator cursor at {@code off}, kept on block boundaries until it is garbage. */
    Cursor register(long off) {
        Cursor c = new Cursor();
        c.off = off;
        iterators.add(new WeakReference<>(c));
        return c;
    }

    /** The block at {@code off} was merged into the one before it: cursors on it move past it. */
    void absorbed(long off, long size) {
        if (dfcur == off) {
            dfcur += size;
        }
        skipped(off, size);
    }

    /** Defragmentation swallowed the free block at {@code off}: iterators on it move past it. */
    void skipped(long off, long size) {
        move(off, off + size);
    }

    /** Defragmentation moved the record at {@code from} to {@code to}. */
    void moved(long from, long to) {
        move(from, to);
    }

    private void move(long from, long to) {
        if (iter.off == from) {
            iter.off = to;
        }
        for (Iterator<WeakReference<Cursor>> it = iterators.iterator(); it.hasNext(); ) {
            Cursor c = it.next().get();
            if (c == null) {
                it.remove();
            } else if (c.off == from) {
                c.off = to;
            }
        }
    }

    /** The file was cut to {@code fsiz}: iterators beyond it are finished. */
    void truncated(long fsiz) {
        if (iter.off >= fsiz) {
            iter.off = END;
        }
        for (WeakReference<Cursor> ref : iterators) {
            Cursor c = ref.get();
            if (c != null && c.off >= fsiz) {
                c.off = END;
            }
        }
    }

    /** A (re)opened file: the handle's iterator is uninitialized again, defragmentation restarts. */
    void reset(long frec) {
        dfcur = frec;
        iter.off = 0;
    }
}
