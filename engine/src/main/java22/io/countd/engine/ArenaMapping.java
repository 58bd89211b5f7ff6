package io.countd.engine;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Maps each region into a shared {@link Arena} of its own and unmaps it by closing that arena: the
 * supported way since Java 22 ({@code java.lang.foreign}), without {@code sun.misc.Unsafe}. An
 * access to a buffer after its arena is closed fails with {@link IllegalStateException} instead of
 * crashing the JVM.
 *
 * <p>Compiled for Java 22 into the jar's {@code META-INF/versions/22}; {@link Unmapper} loads it by
 * name. It owns the arena of every region it has mapped and not yet released.
 */
final class ArenaMapping implements Mapping {
    private static final System.Logger LOG = System.getLogger(ArenaMapping.class.getName());

    /** Mapping and unmapping are rare (a file grows by whole chunks), so one lock is enough. */
    private final Map<ByteBuffer, Arena> arenas = Collections.synchronizedMap(new IdentityHashMap<>());

    @Override
    public ByteBuffer map(FileChannel channel, FileChannel.MapMode mode, long position, long size) throws IOException {
        Arena arena = Arena.ofShared();
        try {
            ByteBuffer buffer = channel.map(mode, position, size, arena).asByteBuffer();
            arenas.put(buffer, arena);
            return buffer;
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public void unmap(ByteBuffer buffer) {
        Arena arena = arenas.remove(buffer);
        if (arena == null) {
            return;
        }
        try {
            arena.close();
        } catch (IllegalStateException e) {
            // Held by an I/O operation in progress; the engine never unmaps during one.
            LOG.log(System.Logger.Level.WARNING, "unmap failed", e);
        }
    }
}
