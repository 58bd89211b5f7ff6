package io.countd.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;

/**
 * Releases a memory mapping at once rather than when the garbage collector finds its buffer.
 * Java 17 has no public API for this; the JDK's own {@code sun.misc.Unsafe.invokeCleaner} (module
 * jdk.unsupported) does it. Without it, mappings are released by the collector: correct, only
 * later.
 *
 * <p>The caller must guarantee that no thread touches the buffer afterwards: an access to an
 * unmapped buffer crashes the JVM. The engine only unmaps while it holds its handle's write lock.
 */
final class Unmapper {
    private static final System.Logger LOG = System.getLogger(Unmapper.class.getName());
    private static final MethodHandle INVOKE_CLEANER = lookup();

    private Unmapper() {
    }

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
            LOG.log(System.Logger.Level.WARNING, "cannot unmap eagerly; mappings are released by GC", e);
            return null;
        }
    }

    static void unmap(ByteBuffer buffer) {
        if (INVOKE_CLEANER == null || buffer == null || !buffer.isDirect()) {
            return;
        }
        try {
            INVOKE_CLEANER.invokeExact(buffer);
        } catch (Throwable e) {
            LOG.log(System.Logger.Level.WARNING, "unmap failed", e);
        }
    }
}
