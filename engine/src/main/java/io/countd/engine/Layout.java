package io.countd.engine;

/** Alignment arithmetic shared by the allocator, the pool and the header. */
final class Layout {
    private Layout() {
    }

    /** The bytes needed after {@code off} to reach the next multiple of {@code align} (a power of 2). */
    static int padding(long off, int align) {
        int diff = (int) (off & (align - 1));
        return diff > 0 ? align - diff : 0;
    }
}
