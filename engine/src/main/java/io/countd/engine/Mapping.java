package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * One way of mapping file regions and releasing them eagerly. Implementations are stateless or
 * thread-safe; {@link Unmapper} picks one per JVM.
 */
interface Mapping {
    /**
     * Maps a region; the result is a {@link java.nio.MappedByteBuffer} in big-endian order.
     *
     * @param channel the open file
     * @param mode read-only or read-write
     * @param position where the region starts in the file
     * @param size the region's length, at most {@link Integer#MAX_VALUE}
     * @return the mapped region
     * @throws IOException when the operating system refuses the mapping
     */
    ByteBuffer map(FileChannel channel, FileChannel.MapMode mode, long position, long size) throws IOException;

    /**
     * Releases a region {@link #map} returned. A failure to release is logged, not thrown: the
     * region is then released by the garbage collector, or when the JVM exits.
     *
     * @param buffer a buffer this mapping returned, not yet released
     */
    void unmap(ByteBuffer buffer);
}
