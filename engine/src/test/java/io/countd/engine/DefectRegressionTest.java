package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for the defects of the reliability issue that are not about crashes (defect 1
 * has its own suites): a writer that could not be closed, faults through the map when another
 * process cuts the file, header fields that overflowed or drove allocations, and a record count
 * that wrapped negative.
 */
class DefectRegressionTest {
    private static final Duration WATCHDOG = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- defect 2

    @Test
    void aWriterWhoseAsynchronousPutsCannotBeWrittenStillReleasesTheFile() throws IOException {
        TcOracle.requireBinaries();
        Path db = dir.resolve("casket");
        try (HashDatabase h = HashDatabase.builder(db).truncate().buckets(7).open()) {
            for (int i = 0; i < 50; i++) {
                h.put("key" + i, "value" + i);
            }
        }
        long bucket = KeyHash.bucket("key1".getBytes(), 7);
        patch(db, Header.SIZE + 4 * bucket, ByteBuffer.allocate(4).putInt(0x7fff_ffff).array());
        HashDatabase h = HashDatabase.open(db);
        h.putAsync("key1".getBytes(), "new".getBytes());
        TcException e = assertThrows(TcException.class, h::close);
        assertEquals(TcError.RHEAD, e.error(), e::getMessage);
        ProcessResult inform = TcOracle.run(dir, 30, "tchmgr", "inform", "-nb", "casket");
        assertEquals(0, inform.exitCode(), () -> "the lock must be released: " + inform);
        try (HashDatabase again = HashDatabase.openReadOnly(db)) {
            assertEquals("value2", again.get("key2"));
        }
    }

    // ---------------------------------------------------------------- defect 3

    @Test
    void aFileCutUnderAReaderGivesTcExceptionsAndStaysClosable() {
        assertTimeoutPreemptively(WATCHDOG, () -> {
            for (int round = 0; round < 5; round++) {
                Path db = bigFile("reader" + round);
                HashDatabase h = HashDatabase.openReadOnly(db);
                warmUp(h);
                cut(db);
                exercise(h, false);
                closeAndReopen(h, db);
            }
        });
    }

    @Test
    void aFileCutUnderAWriterGivesTcExceptionsAndStaysClosable() {
        assertTimeoutPreemptively(WATCHDOG, () -> {
            for (int round = 0; round < 5; round++) {
                Path db = bigFile("writer" + round);
                HashDatabase h = HashDatabase.open(db);
                warmUp(h);
                cut(db);
                exercise(h, true);
                closeAndReopen(h, db);
            }
        });
    }

    private Path bigFile(String name) {
        Path db = dir.resolve(name);
        try (HashDatabase h = HashDatabase.builder(db).truncate().buckets(1021).open()) {
            for (int i = 0; i < 20000; i++) {
                h.put("key" + i, "value-" + i + "-".repeat(i % 50));
            }
        }
        return db;
    }

    private static void warmUp(HashDatabase h) {
        for (int n = 0; n < 5; n++) {
            for (int i = 0; i < 20000; i++) {
                assertTrue(h.get("key" + i).startsWith("value-" + i));
            }
        }
    }

    private static void cut(Path db) throws IOException {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            ch.truncate(1000);
        }
    }

    /**
     * Every call either works or throws a TcException. HotSpot reports a fault through a map
     * asynchronously, at a later safepoint; one delivered while the engine runs must come out as a
     * TcException, which is what this checks (an InternalError whose top frame is engine code).
     * One delivered after the engine returned normally (a faulted read whose garbage still parsed)
     * lands in the caller's code, beyond any boundary; those are counted, not failed (README,
     * "Reliability").
     */
    private static void exercise(HashDatabase h, boolean write) throws InterruptedException {
        // HotSpot can throw a late fault at a safepoint where not even an enclosing catch of the
        // caller sees it; on a worker thread such a fault ends the thread and is judged by where
        // it was thrown.
        Throwable[] died = new Throwable[1];
        Thread worker = new Thread(() -> exerciseOn(h, write));
        worker.setUncaughtExceptionHandler((t, x) -> died[0] = x);
        worker.start();
        worker.join();
        if (died[0] instanceof InternalError late) {
            lateFault(late);
        } else if (died[0] != null) {
            throw new AssertionError(died[0]);
        }
    }

    private static void lateFault(InternalError late) {
        StackTraceElement top = late.getStackTrace()[0];
        boolean inEngine = top.getClassName().startsWith("io.countd.engine.") && !top.getClassName().endsWith("Test");
        assertTrue(!inEngine, () -> "a fault escaped the engine unconverted at " + top);
        LATE_FAULTS.incrementAndGet();
    }

    private static void exerciseOn(HashDatabase h, boolean write) {
        Random r = new Random(1);
        int failures = 0;
        for (int i = 0; i < 3000; i++) {
            try {
                try {
                    switch (r.nextInt(write ? 4 : 3)) {
                        case 0 -> h.get("key" + r.nextInt(20000));
                        case 1 -> h.stream().limit(20).count();
                        case 2 -> h.containsKey(("key" + r.nextInt(20000)).getBytes());
                        default -> h.put("key" + r.nextInt(20000), "changed");
                    }
                } catch (TcException e) {
                    failures++;
                }
                long spin = 0;
                for (int k = 0; k < 200; k++) {
                    spin += k * (long) i;
                }
                assertTrue(spin >= 0);
            } catch (InternalError late) {
                lateFault(late);
                return;
            }
        }
        assertTrue(failures > 0, "the cut file must be noticed");
    }

    /** Faults the JVM delivered after an engine call had returned, over the run (reported, see above). */
    private static final java.util.concurrent.atomic.AtomicInteger LATE_FAULTS = new java.util.concurrent.atomic.AtomicInteger();

    @org.junit.jupiter.api.AfterAll
    static void reportLateFaults() {
        System.err.println("DefectRegressionTest: " + LATE_FAULTS.get() + " faults delivered by the JVM after an engine call"
                + " had returned");
    }

    private static void closeAndReopen(HashDatabase h, Path db) {
        try {
            h.close();
        } catch (TcException e) {
            assertEquals(TcError.MMAP, e.error(), e::getMessage);
        }
        TcException reopen = assertThrows(TcException.class, () -> HashDatabase.openReadOnly(db).close());
        assertEquals(TcError.META, reopen.error(), "the file, not the process registration, refuses the reopen");
    }

    // ---------------------------------------------------------------- defects 4 and 5

    @Test
    void aPoolRegionBeyondTwoGibibytesOpensForWriting() throws IOException {
        Path db = dir.resolve("casket");
        hugePoolRegion(db, 3L << 30);
        try (HashDatabase h = HashDatabase.open(db)) {
            h.put("a", "b");
        }
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertEquals("b", h.get("a"));
        }
    }

    @Test
    void aHugePoolRegionCostsNoMemory() throws IOException {
        TcOracle.requireBinaries();
        Path db = dir.resolve("casket");
        hugePoolRegion(db, 300L << 20);
        Path twin = dir.resolve("twin");
        java.nio.file.Files.copy(db, twin);
        assertEquals(0, TcOracle.run(dir, 60, "tchmgr", "put", "twin", "a", "b").exitCode(), "TC accepts the file");
        ProcessResult r = JavaChild.run(dir, 120, List.of("-Xmx256m"), HeapLimitedChild.class, "put", db.toString(), "a",
                "b");
        assertEquals("ok\n", r.out(), r::toString);
    }

    @Test
    void aRecordClaimingAHugeValueIsATcExceptionUnderASmallHeap() throws IOException {
        Path db = dir.resolve("casket");
        long frec;
        try (HashDatabase h = HashDatabase.builder(db).truncate().buckets(1).open()) {
            frec = h.info().firstRecordOffset();
        }
        int vsiz = 300 << 20;
        byte[] rec = new byte[2 + 8 + 2 + 1 + 5 + 1];
        ByteBuffer b = ByteBuffer.wrap(rec);
        b.put(0, (byte) Block.MAGIC_RECORD).put(1, (byte) KeyHash.secondary("k".getBytes()));
        rec[12] = 1;
        int end = Varint.write(rec, 13, vsiz);
        rec[end] = 'k';
        long fsiz = frec + end + 1 + vsiz;
        patch(db, frec, java.util.Arrays.copyOf(rec, end + 1));
        patch(db, fsiz - 1, new byte[1]);
        patch(db, Header.OFF_FSIZ, ByteBuffer.allocate(8).putLong(fsiz).array());
        patch(db, Header.OFF_RNUM, ByteBuffer.allocate(8).putLong(1).array());
        patch(db, Header.SIZE, ByteBuffer.allocate(4).putInt((int) (frec >>> 4)).array());
        ProcessResult r = JavaChild.run(dir, 120, List.of("-Xmx256m"), HeapLimitedChild.class, "get", db.toString(), "k");
        assertEquals("tc 9999\n", r.out(), r::toString);
    }

    /** A valid file whose pool region (between the bucket array and the first record) spans {@code size} bytes. */
    private static void hugePoolRegion(Path db, long size) throws IOException {
        long msiz;
        try (HashDatabase h = HashDatabase.builder(db).truncate().buckets(7).open()) {
            msiz = Header.SIZE + 7 * 4;
            assertEquals(msiz + 64 + 4 * 1024 + 4, h.info().firstRecordOffset());
        }
        long frec = (msiz + size + 15) & -16L;
        patch(db, Header.OFF_FSIZ, ByteBuffer.allocate(8).putLong(frec).array());
        patch(db, Header.OFF_FREC, ByteBuffer.allocate(8).putLong(frec).array());
        patch(db, frec - 1, new byte[1]);
    }

    // ---------------------------------------------------------------- defect 6

    @Test
    void aRecordCountNoFileCanHoldIsInvalidMetaData() throws IOException {
        Path db = dir.resolve("casket");
        try (HashDatabase h = HashDatabase.builder(db).truncate().buckets(7).open()) {
            h.put("a", "b");
        }
        patch(db, Header.OFF_RNUM, ByteBuffer.allocate(8).putLong(Long.MAX_VALUE).array());
        for (boolean writer : new boolean[] {false, true}) {
            TcException e = assertThrows(TcException.class, () -> {
                HashDatabase.Builder b = HashDatabase.builder(db).create(false);
                if (!writer) {
                    b.readOnly();
                }
                try (HashDatabase h = b.open()) {
                    h.put("c", "d");
                    fail("opened with record count " + h.count());
                }
            });
            assertEquals(TcError.META, e.error());
        }
        patch(db, Header.OFF_RNUM, ByteBuffer.allocate(8).putLong(1).array());
        try (HashDatabase h = HashDatabase.open(db)) {
            h.put("c", "d");
            assertEquals(2, h.count());
        }
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertArrayEquals("d".getBytes(StandardCharsets.US_ASCII), h.get("c".getBytes()));
        }
    }

    static void patch(Path db, long off, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), off);
        }
    }
}
