package io.countd.engine;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Maps with {@link FileChannel#map} and unmaps with {@code sun.misc.Unsafe.invokeCleaner} (module
 * jdk.unsupported): Java 17 has no public API to release a mapping. When that method cannot be
 * reached, mappings are released by the garbage collector: correct, only later.
 */
final class UnsafeMapping implements Mapping {
    private static final MethodHandle INVOKE_CLEANER = lookup();

    private static MethodHandle lookup() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(unsafe);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.getLogger(UnsafeMapping.class.getName()).log(
                    System.Logger.Level.WARNING, "cannot unmap eagerly; mappings are released by GC", e);
            return null;
        }
    }

    @Override
    public ByteBuffer map(FileChannel channel, FileChannel.MapMode mode, long position, long size) throws IOException {
        return channel.map(mode, position, size);
    }

    @Override
    public void unmap(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null || !buffer.isDirect()) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact(buffer);
        } catch (Throwable e) {
            System.getLogger(UnsafeMapping.class.getName()).log(System.Logger.Level.WARNING, "unmap failed", e);
        }
    }
}
