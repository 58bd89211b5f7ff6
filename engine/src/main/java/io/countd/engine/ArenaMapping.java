package io.countd.engine;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Maps each region into a shared {@code java.lang.foreign.Arena} of its own and unmaps it by
 * closing that arena: the supported way since Java 22, without {@code sun.misc.Unsafe}. An access
 * to a buffer after its arena is closed fails with {@link IllegalStateException} instead of
 * crashing the JVM.
 *
 * <p>The engine is compiled for Java 17, which has no such API, so the four calls it needs are
 * looked up once, by name ({@link #create}); mapping and unmapping are rare (a file grows by whole
 * chunks), so calling through method handles costs nothing that shows. Any build of the engine
 * thus unmaps without {@code Unsafe} on Java 22 and later. It owns the arena of every region it
 * has mapped and not yet released.
 */
final class ArenaMapping implements Mapping {

    private final MethodHandle ofShared;
    private final MethodHandle map;
    private final MethodHandle asByteBuffer;
    private final MethodHandle close;
    /** One lock is enough: see the class comment. */
    private final Map<ByteBuffer, Object> arenas = Collections.synchronizedMap(new IdentityHashMap<>());

    private ArenaMapping(MethodHandle ofShared, MethodHandle map, MethodHandle asByteBuffer, MethodHandle close) {
        this.ofShared = ofShared;
        this.map = map;
        this.asByteBuffer = asByteBuffer;
        this.close = close;
    }

    /**
     * The mapping of the running JDK's {@code java.lang.foreign}.
     *
     * @throws ReflectiveOperationException when the JDK has no such API (before Java 22)
     */
    static ArenaMapping create() throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> arena = Class.forName("java.lang.foreign.Arena");
        Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
        return new ArenaMapping(
                lookup.findStatic(arena, "ofShared", MethodType.methodType(arena)),
                lookup.findVirtual(FileChannel.class, "map",
                        MethodType.methodType(segment, FileChannel.MapMode.class, long.class, long.class, arena)),
                lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class)),
                lookup.findVirtual(arena, "close", MethodType.methodType(void.class)));
    }

    @Override
    public ByteBuffer map(FileChannel channel, FileChannel.MapMode mode, long position, long size) throws IOException {
        Object arena = call(() -> ofShared.invoke());
        try {
            // The JDK's own channel: a channel compiled for Java 17 cannot override this map.
            Object segment = InterruptSafeChannel.onWrapped(channel,
                    file -> call(() -> map.invoke(file, mode, position, size, arena)));
            ByteBuffer buffer = (ByteBuffer) call(() -> asByteBuffer.invoke(segment));
            arenas.put(buffer, arena);
            return buffer;
        } catch (IOException | RuntimeException | Error e) {
            closeArena(arena);
            throw e;
        }
    }

    @Override
    public void unmap(ByteBuffer buffer) {
        Object arena = arenas.remove(buffer);
        if (arena == null) {
            return;
        }
        try {
            closeArena(arena);
        } catch (IllegalStateException e) {
            // Held by an I/O operation in progress; the engine never unmaps during one.
            System.getLogger(ArenaMapping.class.getName()).log(System.Logger.Level.WARNING, "unmap failed", e);
        }
    }

    private void closeArena(Object arena) {
        try {
            close.invoke(arena);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A call through a method handle, letting what the method throws through as it is. */
    @FunctionalInterface
    private interface Call {
        Object run() throws Throwable;
    }

    private static Object call(Call c) throws IOException {
        try {
            return c.run();
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
