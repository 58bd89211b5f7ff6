package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data file's mapping and growth (format-spec/tchdb.md section 15), with a map and without
 * one: a writer's map grows with the file up to its capacity and never past the file's end,
 * accesses beyond the map go through positional I/O, multi-byte values follow the file's byte
 * order, and a read past the end is a short file, not garbage.
 */
class DataFileTest {
    private static final long CAPACITY = 1 << 20;

    @TempDir
    Path dir;

    /** A writer's mark for a file in {@link #dir}, as the engine keeps one per open file. */
    private UnsyncedMark mark() {
        return UnsyncedMark.open(dir.resolve("file"), true, false);
    }

    private FileChannel channel(String name) throws IOException {
        return FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i);
        }
        return b;
    }

    @Test
    void aMappedWriterGrowsTheFileAndTheMapTogetherPageAligned() throws Exception {
        try (FileChannel ch = channel("mapped"); DataFile f = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, CAPACITY, mark())) {
            assertFalse(f.inMap(0, 1), "an empty file maps nothing");
            f.write(100, bytes(4, 1), 0, 4);
            assertEquals(36864, ch.size(), "the write's end plus 32 KiB of slack, rounded up to a page");
            assertTrue(f.inMap(100, 4));
            assertTrue(f.inMap(36860, 4));
            assertFalse(f.inMap(36861, 4), "the map ends with the file");
            f.write(40000, bytes(4, 2), 0, 4);
            assertEquals(73728, ch.size(), "twice the map, as that is more than the write's end plus slack");
            byte[] got = new byte[4];
            f.read(40000, got, 0, 4);
            assertArrayEquals(bytes(4, 2), got);
        }
    }

    @Test
    void aWholeIntChangesOnlyItsFourBytesInEitherOrderAndPlace() throws Exception {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
            try (FileChannel ch = channel("whole-" + order); DataFile f = new DataFile(ch, order, true, CAPACITY, mark())) {
                byte[] ramp = new byte[96];
                for (int i = 0; i < ramp.length; i++) {
                    ramp[i] = (byte) (0x40 + i);
                }
                f.write(0, ramp, 0, ramp.length);
                // at every place within one aligned word (a free block's size sits at offset 17), and
                // across two (offset 22)
                byte[] want = ramp.clone();
                for (int place = 0; place <= 4; place++) {
                    int value = 0x81020304 + place;
                    f.putIntWhole(32 + 8 * place + place, value);
                    java.nio.ByteBuffer.wrap(want).order(order).putInt(32 + 8 * place + place, value);
                }
                f.putIntWhole(17, 0x01020304);
                f.putIntWhole(22, 0x0A0B0C0D);
                java.nio.ByteBuffer.wrap(want).order(order).putInt(17, 0x01020304).putInt(22, 0x0A0B0C0D);
                byte[] got = new byte[96];
                f.read(0, got, 0, 96);
                assertArrayEquals(want, got, order.toString());
            }
        }
    }

    @Test
    void beyondItsCapacityTheMapStopsAndAccessesArePositional() throws Exception {
        try (FileChannel ch = channel("capped"); DataFile f = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 8192, mark())) {
            f.write(100, bytes(4, 1), 0, 4);
            assertEquals(8192, ch.size(), "grown only up to the capacity");
            f.write(10000, bytes(4, 3), 0, 4);
            assertEquals(10004, ch.size(), "extended by the write itself");
            assertFalse(f.inMap(10000, 4));
            assertFalse(f.inMap(8190, 4), "a range across the map's end is not in it");
            byte[] got = new byte[4];
            f.read(10000, got, 0, 4);
            assertArrayEquals(bytes(4, 3), got);
        }
    }

    @Test
    void withoutAMapTheFileGrowsByExactlyWhatIsWritten() throws Exception {
        try (FileChannel ch = channel("unmapped"); DataFile f = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, mark())) {
            assertTrue(f.unmapped());
            f.write(100, bytes(4, 1), 0, 4);
            assertEquals(104, ch.size());
            assertFalse(f.inMap(100, 4));
            byte[] big = bytes(20000, 7);
            f.write(200, big, 0, big.length);
            byte[] got = new byte[big.length];
            f.read(200, got, 0, got.length);
            assertArrayEquals(big, got, "a large access wraps the caller's array");
        }
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(longs = {CAPACITY, 0})
    void multiByteValuesFollowTheFilesByteOrder(long capacity) throws Exception {
        try (FileChannel ch = channel("order"); DataFile f = new DataFile(ch, ByteOrder.LITTLE_ENDIAN, true, capacity, mark())) {
            f.putInt(8, 0x01020304);
            f.putLong(16, 0x0102030405060708L);
            f.putByte(24, 0xB0);
            assertEquals(0x01020304, f.getInt(8));
            assertEquals(0x0102030405060708L, f.getLong(16));
        }
        byte[] raw = Files.readAllBytes(dir.resolve("order"));
        assertArrayEquals(new byte[] {4, 3, 2, 1}, java.util.Arrays.copyOfRange(raw, 8, 12));
        assertArrayEquals(new byte[] {8, 7, 6, 5, 4, 3, 2, 1}, java.util.Arrays.copyOfRange(raw, 16, 24));
        assertEquals((byte) 0xB0, raw[24]);
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(longs = {CAPACITY, 0})
    void aReadPastTheEndIsAShortFile(long capacity) throws Exception {
        try (FileChannel ch = channel("short"); DataFile f = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, capacity, mark())) {
            f.write(0, bytes(64, 0), 0, 64);
            f.truncate(50);
            assertEquals(50, ch.size());
            assertThrows(DataFile.ShortFileException.class, () -> f.read(40, new byte[20], 0, 20));
            assertThrows(DataFile.ShortFileException.class, () -> f.getLong(48));
            ByteBuffer tail = ByteBuffer.allocate(10);
            f.read(40, tail);
            assertEquals(10, tail.position(), "the bytes before the end are there");
        }
    }

    @Test
    void aReaderMapsNoMoreThanTheFile() throws Exception {
        Files.write(dir.resolve("reader"), bytes(5000, 5));
        try (FileChannel ch = FileChannel.open(dir.resolve("reader"), StandardOpenOption.READ);
                DataFile f = new DataFile(ch, ByteOrder.BIG_ENDIAN, false, CAPACITY, mark())) {
            assertTrue(f.inMap(4996, 4));
            assertFalse(f.inMap(5000, 1));
            assertEquals(ByteBuffer.wrap(bytes(5000, 5)).getInt(4996), f.getInt(4996));
        }
    }
}
