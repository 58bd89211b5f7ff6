package io.countd.engine;

/**
 * The two file positions a handle walks with: the iterator ({@code iterinit}/{@code iternext})
 * and the defragmentation cursor. Operations that absorb a free block into its neighbour move a
 * cursor that pointed at the absorbed block past it, as TC does, so that it never rests inside
 * another block.
 */
final class Cursors {
    /** Where an iterator stands once a truncation has cut the file before it. */
    static final long ITER_END = Long.MAX_VALUE;

    /** The iterator position; 0 before {@code iterinit}. */
    long iter;
    long dfcur;

    void absorbed(long off, long size) {
        if (dfcur == off) {
            dfcur += size;
        }
        if (iter == off) {
            iter += size;
        }
    }
}
