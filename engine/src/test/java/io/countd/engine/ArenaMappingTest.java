package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unmapping through {@code java.lang.foreign}, which any build of the engine reaches by method
 * handles: present from Java 22 on (an access after the unmap then fails cleanly instead of
 * crashing the JVM), absent before, where {@link Unmapper} falls back to {@code Unsafe}.
 */
class ArenaMappingTest {
    @TempDir
    Path dir;

    @Test
    void mapsAndUnmapsOnJava22AndLaterOnly() throws Exception {
        if (Runtime.version().feature() < 22) {
            assertThrows(ReflectiveOperationException.class, ArenaMapping::create);
            return;
        }
        Path f = dir.resolve("region");
        Files.write(f, new byte[8192]);
        ArenaMapping mapping = ArenaMapping.create();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer region = mapping.map(ch, FileChannel.MapMode.READ_WRITE, 4096, 4096);
            region.put(7, (byte) 42);
            mapping.unmap(region);
            assertThrows(IllegalStateException.class, () -> region.get(7), "the region is gone");
            mapping.unmap(region);
        }
        assertEquals(42, Files.readAllBytes(f)[4096 + 7], "written through the map");
    }
}
