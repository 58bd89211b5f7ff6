package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine at the edges of the format, on sparse files so that gigabytes cost nothing: the
 * 32-bit offset limit of files without LARGE (refused before anything is written, where TC would
 * corrupt the file), LARGE files beyond 4 GiB, a bucket array longer than one 1 GiB map chunk with
 * records beyond the map, and the mapped size (xmsiz) changing how bytes are written but not
 * which.
 */
class LimitsTest {
    /** Just below 4 GiB: with alignment 1, the last offset a 32-bit link can hold. */
    private static final long NEAR_LIMIT = 0xFFFF_FFF0L;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "mapped size {0}")
    @ValueSource(longs = {0, 4096, 1 << 20, 3 << 20})
    void mappedSizeChangesNoByte(long mappedSize) {
        Path file = dir.resolve("casket");
        try (HashDatabase db = HashDatabase.builder(file).truncate().mappedSize(mappedSize).open()) {
            for (int i = 1; i <= 100000; i++) {
                byte[] k = Workloads.key(i).getBytes();
                db.put(k, k);
            }
        }
        assertEquals(Vectors.golden("write-100000"), TestFiles.md5(file));
        try (HashDatabase db = HashDatabase.builder(file).readOnly().mappedSize(mappedSize).open()) {
            for (int i = 1; i <= 100000; i += 997) {
                assertEquals(Workloads.key(i), new String(db.get(Workloads.key(i).getBytes())));
            }
        }
    }

    @Test
    void withoutLargeTheOffsetLimitIsRefusedNotCorrupted() throws IOException {
        Path file = fileEndingAt(NEAR_LIMIT, false);
        try (HashDatabase db = HashDatabase.open(file)) {
            db.put("a", "fits");
            TcException e = assertThrows(TcException.class, () -> db.put("b", "does not fit"));
            assertEquals(TcError.INVALID, e.error());
            assertTrue(e.getMessage().contains("LARGE"), e::getMessage);
            assertEquals("fits", db.get("a"));
            assertEquals(1, db.count());
            assertEquals(NEAR_LIMIT + 14 + 1 + 4, db.fileSize(), "header, key and value; no padding at alignment 1");
        }
        assertOracleReads(file, "a", "fits");
    }

    @Test
    void largeFilesGrowBeyondFourGigabytes() throws IOException {
        Path file = fileEndingAt(NEAR_LIMIT, true);
        try (HashDatabase db = HashDatabase.open(file)) {
            for (int i = 0; i < 100; i++) {
                db.put("k" + i, "v" + i);
            }
            assertTrue(db.fileSize() > 0x1_0000_0000L);
        }
        try (HashDatabase db = HashDatabase.openReadOnly(file)) {
            for (int i = 0; i < 100; i++) {
                assertEquals("v" + i, db.get("k" + i));
            }
        }
        assertOracleReads(file, "k42", "v42");
    }

    @Test
    void bucketArrayAcrossMapChunksAndRecordsBeyondTheMap() {
        TcOracle.requireBinaries();
        Path file = dir.resolve("big");
        long bnum;
        try (HashDatabase db = HashDatabase.builder(file).truncate().buckets(300_000_000).open()) {
            bnum = db.info().bucketCount();
            assertTrue(Header.SIZE + 4 * bnum > (1L << 30), "the bucket array must cross 1 GiB");
            for (int i = 0; i < 3000; i++) {
                db.put("key-" + i, "value-" + i);
            }
        }
        int high = 0;
        for (int i = 0; i < 3000; i++) {
            if (Header.SIZE + 4 * KeyHash.bucket(("key-" + i).getBytes(), bnum) >= (1L << 30)) {
                high++;
            }
        }
        assertTrue(high > 100, "some keys must hash beyond the first chunk");
        try (HashDatabase db = HashDatabase.openReadOnly(file)) {
            for (int i = 0; i < 3000; i++) {
                assertEquals("value-" + i, db.get("key-" + i));
            }
            assertEquals(3000, db.stream().count());
        }
        ProcessResult list = TcOracle.runOk(dir, "tchmgr", "list", "-pv", "big");
        assertEquals(3000, list.out().lines().count());
        assertTrue(list.out().contains("key-2999\tvalue-2999\n"));
    }

    /**
     * A valid database with alignment 1 whose record section is one free block ending at
     * {@code end}, so that the next record is appended at {@code end}. Sparse: the file only
     * stores its header.
     */
    private Path fileEndingAt(long end, boolean large) throws IOException {
        Path file = dir.resolve(large ? "large" : "normal");
        HashDatabase.Builder b = HashDatabase.builder(file).truncate().buckets(7).alignmentPower(0);
        if (large) {
            b.options(Option.LARGE);
        }
        long frec;
        try (HashDatabase db = b.open()) {
            frec = db.info().firstRecordOffset();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer free = ByteBuffer.allocate(5).order(ByteOrder.BIG_ENDIAN);
            free.put(0, (byte) Block.MAGIC_FREE).putInt(1, (int) (end - frec));
            ch.write(free, frec);
            ch.write(ByteBuffer.allocate(1), end - 1);
            ch.write(ByteBuffer.allocate(8).putLong(0, end), Header.OFF_FSIZ);
        }
        return file;
    }

    private void assertOracleReads(Path file, String key, String value) {
        TcOracle.requireBinaries();
        ProcessResult get = TcOracle.run(dir, 60, Map.of(), null, "tchmgr", "get", file.getFileName().toString(), key);
        assertEquals(0, get.exitCode(), get::toString);
        assertEquals(value + "\n", get.out());
    }
}
