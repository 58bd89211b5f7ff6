package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Maps regions of a file so that each mapping can be released at once rather than when the garbage
 * collector finds its buffer. The work is done by the best {@link Mapping} the running JDK offers:
 * on Java 22 and later the supported {@code java.lang.foreign} API ({@link ArenaMapping}, reached
 * through method handles, so that every build has it), and on Java 17 to 21 the JDK's own
 * {@code sun.misc.Unsafe.invokeCleaner} ({@link UnsafeMapping}), which Java 24 and later warn about.
 *
 * <p>The caller must guarantee that no thread touches a buffer once it is unmapped: through
 * {@code Unsafe} such an access crashes the JVM. The engine only unmaps while it holds its handle's
 * write lock.
 */
final class Unmapper {
    private static final Mapping MAPPING = choose();

    private Unmapper() {
    }

    private static Mapping choose() {
        if (Runtime.version().feature() >= 22) {
            try {
                return ArenaMapping.create();
            } catch (ReflectiveOperationException | RuntimeException e) {
                // Not expected of a Java 22 JDK; Unsafe still works, with Java 24's warning.
                System.getLogger(Unmapper.class.getName()).log(System.Logger.Level.WARNING,
                        "java.lang.foreign unmapping unavailable; unmapping through sun.misc.Unsafe", e);
            }
        }
        return new UnsafeMapping();
    }

    /** Maps {@code size} bytes of {@code channel} from {@code position}; see {@link FileChannel#map}. */
    static ByteBuffer map(FileChannel channel, FileChannel.MapMode mode, long position, long size) throws IOException {
        return MAPPING.map(channel, mode, position, size);
    }

    /** Releases a buffer {@link #map} returned; null is ignored. */
    static void unmap(ByteBuffer buffer) {
        if (buffer != null) {
            MAPPING.unmap(buffer);
        }
    }
}
