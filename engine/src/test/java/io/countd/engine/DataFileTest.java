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
import java.util.concurrent.atomic.AtomicReference;
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

    /** A writer's data file with the usual window. */
    private DataFile writer(FileChannel ch, ByteOrder order, long capacity) throws IOException {
        return new DataFile(ch, order, true, capacity, DataFile.WINDOW, mark());
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
        try (FileChannel ch = channel("mapped"); DataFile f = writer(ch, ByteOrder.BIG_ENDIAN, CAPACITY)) {
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
            try (FileChannel ch = channel("whole-" + order); DataFile f = writer(ch, order, CAPACITY)) {
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
    void beyondItsCapacityTheMapStopsAndOnlyAppendsGoIntoTheTailWindow() throws Exception {
        long window = DataFile.WINDOW;
        try (FileChannel ch = channel("capped"); DataFile f = writer(ch, ByteOrder.BIG_ENDIAN, 8192)) {
            f.write(100, bytes(4, 1), 0, 4);
            assertEquals(8192, ch.size(), "grown only up to the capacity");
            assertFalse(f.inMap(8190, 4), "a range across the map's end is not in it");
            f.write(10000, bytes(4, 3), 0, 4);
            assertEquals(8192 + window, ch.size(), "an append maps the window from the capacity, zeros first");
            assertTrue(f.inMap(10000, 4));
            assertTrue(f.inMap(8192 + window - 4, 4));
            assertFalse(f.inMap(8192 + window - 3, 4), "the window ends with the file");
            f.putLong(20000, 0x0102030405060708L);
            assertEquals(0x0102030405060708L, f.getLong(20000), "later writes and reads there go through it");

            long far = 8192 + window + 5000;
            f.write(far, bytes(100, 5), 0, 100);
            assertFalse(f.inMap(10000, 4), "the window moved on to the next append...");
            assertTrue(f.inMap(far, 100));
            assertEquals((far & -4096) + window, ch.size(), "...from the page holding it");
            f.write(10000, bytes(4, 9), 0, 4);
            assertFalse(f.inMap(10000, 4), "a write inside the data behind it is positional, not a move");

            byte[] got = new byte[4];
            f.read(10000, got, 0, 4);
            assertArrayEquals(bytes(4, 9), got);
            byte[] gotFar = new byte[100];
            f.read(far, gotFar, 0, 100);
            assertArrayEquals(bytes(100, 5), gotFar);
            f.read(far + 100, got, 0, 4);
            assertArrayEquals(new byte[4], got, "past the data, the window holds zeros");

            f.truncate(far);
            assertFalse(f.inMap(far - 4, 4), "a cut below the window's end unmaps it");
            assertEquals(far, ch.size());
            assertFalse(f.mappedPastEnd());
        }
        byte[] raw = Files.readAllBytes(dir.resolve("capped"));
        assertArrayEquals(bytes(4, 9), java.util.Arrays.copyOfRange(raw, 10000, 10004));
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, java.util.Arrays.copyOfRange(raw, 20000, 20008));
    }

    @Test
    void aReaderNeverMapsAWindow() throws Exception {
        Path file = dir.resolve("read");
        Files.write(file, bytes(20000, 3));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                DataFile f = new DataFile(ch, ByteOrder.BIG_ENDIAN, false, 8192, DataFile.WINDOW, mark())) {
            byte[] got = new byte[4];
            f.read(19996, got, 0, 4);
            assertArrayEquals(java.util.Arrays.copyOfRange(bytes(20000, 3), 19996, 20000), got);
            assertFalse(f.inMap(19996, 4));
            assertEquals(20000, ch.size());
        }
    }

    @Test
    void aThreadReadingInOrderPastTheMapReadsThroughItsOwnWindow() throws Exception {
        long window = 4 * 4096;
        int size = 200_000;
        byte[] content = bytes(size, 11);
        Path file = dir.resolve("scan");
        Files.write(file, content);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                DataFile f = new DataFile(ch, ByteOrder.BIG_ENDIAN, false, 8192, window, mark())) {
            byte[] got = new byte[40];
            // the first read starts a run; each of the next STREAK goes on from the one before
            for (int i = 0; i < DataFile.STREAK; i++) {
                f.read(10_000 + 40L * i, got, 0, 40);
            }
            assertEquals(Long.MAX_VALUE, f.readWindowStart(), "not yet a walk");
            f.read(10_000 + 40L * DataFile.STREAK, got, 0, 40);
            long first = f.readWindowStart();
            assertEquals((10_000 + 40L * DataFile.STREAK) & -4096, first, "mapped from the read's page");

            // on to the end, with a look back at an older record every few reads
            for (long at = 10_000 + 40L * (DataFile.STREAK + 1), i = 0; at + 40 <= size; at += 40, i++) {
                f.read(at, got, 0, 40);
                assertArrayEquals(java.util.Arrays.copyOfRange(content, (int) at, (int) at + 40), got, "at " + at);
                if (i % 5 == 0) {
                    long back = 9000 + (i * 7919) % (at - 9000);
                    assertEquals(ByteBuffer.wrap(content).getLong((int) back), f.getLong(back), "back at " + back);
                }
            }
            assertTrue(f.readWindowStart() > first, "the window moved on with the reads");
            assertTrue(f.readWindowStart() + window > size - 40, "up to the last read");

            Thread other = new Thread(() -> {
                try {
                    assertEquals(Long.MAX_VALUE, f.readWindowStart(), "another thread's window is its own");
                    byte[] b = new byte[8];
                    for (int i = 0; i < 3 * DataFile.STREAK; i++) {
                        long at = 150_000 - 100L * i;
                        f.read(at, b, 0, 8);
                        assertArrayEquals(java.util.Arrays.copyOfRange(content, (int) at, (int) at + 8), b);
                    }
                    assertEquals(Long.MAX_VALUE, f.readWindowStart(), "reads backwards map nothing");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            AtomicReference<Throwable> failure = new AtomicReference<>();
            other.setUncaughtExceptionHandler((t, e) -> failure.set(e));
            other.start();
            other.join();
            assertEquals(null, failure.get());

            java.util.Random random = new java.util.Random(5);
            f.unmapAll();
            for (int i = 0; i < 200; i++) {
                long at = 9000 + random.nextInt(size - 9000 - 8);
                assertEquals(ByteBuffer.wrap(content).getLong((int) at), f.getLong(at));
            }
            assertEquals(Long.MAX_VALUE, f.readWindowStart(), "random reads map nothing");
        }
    }

    @Test
    void aTruncationUnmapsTheReadWindows() throws Exception {
        long window = 4 * 4096;
        try (FileChannel ch = channel("cut");
                DataFile f = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 8192, window, mark())) {
            byte[] content = bytes(100_000, 3);
            f.write(0, content, 0, content.length);
            f.unmapAll();
            byte[] got = new byte[16];
            for (int i = 0; i <= DataFile.STREAK + 1; i++) {
                f.read(20_000 + 16L * i, got, 0, 16);
            }
            assertTrue(f.readWindowStart() < Long.MAX_VALUE);
            f.truncate(20_000);
            assertEquals(Long.MAX_VALUE, f.readWindowStart());
            assertThrows(DataFile.ShortFileException.class, () -> f.read(20_000, got, 0, 16));
        }
    }

    @Test
    void withoutAMapTheFileGrowsByExactlyWhatIsWritten() throws Exception {
        try (FileChannel ch = channel("unmapped"); DataFile f = writer(ch, ByteOrder.BIG_ENDIAN, 0)) {
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
        try (FileChannel ch = channel("order"); DataFile f = writer(ch, ByteOrder.LITTLE_ENDIAN, capacity)) {
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
        try (FileChannel ch = channel("short"); DataFile f = writer(ch, ByteOrder.BIG_ENDIAN, capacity)) {
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
                DataFile f = new DataFile(ch, ByteOrder.BIG_ENDIAN, false, CAPACITY, DataFile.WINDOW, mark())) {
            assertTrue(f.inMap(4996, 4));
            assertFalse(f.inMap(5000, 1));
            assertEquals(ByteBuffer.wrap(bytes(5000, 5)).getInt(4996), f.getInt(4996));
        }
    }
}
