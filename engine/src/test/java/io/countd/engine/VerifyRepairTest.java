package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files damaged in known ways: {@link HashDatabase#verify()} names each planted fault, and
 * {@link HashDatabase#repair} recovers every record the damage did not touch.
 */
class VerifyRepairTest {
    @TempDir
    Path dir;

    private Path db;
    private final Map<String, String> records = new HashMap<>();

    /** 7 buckets (deep trees), 16-byte alignment, some records removed (free blocks), closed cleanly. */
    @BeforeEach
    void soundFile() {
        db = dir.resolve("casket");
        try (HashDatabase h = HashDatabase.builder(db).truncate().buckets(7).open()) {
            for (int i = 0; i < 200; i++) {
                h.put("key" + i, "value" + i + "-".repeat(i % 30));
                records.put("key" + i, "value" + i + "-".repeat(i % 30));
            }
            for (int i = 0; i < 200; i += 9) {
                h.remove("key" + i);
                records.remove("key" + i);
            }
            assertEquals(List.of(), h.verify());
        }
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertEquals(List.of(), h.verify(), "a sound, cleanly closed file");
        }
    }

    @Test
    void bucketLinkToAFreeBlock() throws IOException {
        long free = firstBlock(false);
        patchInt(Header.SIZE + 4 * bucketOf("key1"), (int) (free >>> 4));
        assertFinding("points at offset " + free + ", which is a free block");
        assertRepaired(Set.of());
    }

    @Test
    void recordWithABadMagicByte() throws IOException {
        long rec = firstBlock(true);
        String key = keyAt(rec);
        patch(rec, new byte[] {0x00});
        assertFinding("block at offset " + rec + ": bad magic");
        assertRepaired(Set.of(key));
    }

    @Test
    void treeLoop() throws IOException {
        long root = root("key1");
        long child = readInt(root + 2) != 0 ? (long) readInt(root + 2) << 4 : (long) readInt(root + 6) << 4;
        patchInt(child + 2, (int) (root >>> 4));
        assertFinding("leads again to the record at offset " + root);
        assertRepaired(Set.of());
    }

    @Test
    void wrongRecordCount() throws IOException {
        patchLong(Header.OFF_RNUM, records.size() + 3);
        assertFinding("header: the record count is " + (records.size() + 3) + ", but the trees reach " + records.size());
        assertRepaired(Set.of());
    }

    @Test
    void hashByteThatDoesNotMatchTheKey() throws IOException {
        long rec = root("key1");
        String key = keyAt(rec);
        patch(rec + 1, new byte[] {(byte) (KeyHash.secondary(key.getBytes()) ^ 0x55)});
        assertFinding("record at offset " + rec + " has hash byte");
        assertRepaired(Set.of(key));
    }

    @Test
    void recordCutOffFromItsTree() throws IOException {
        long root = root("key1");
        int left = readInt(root + 2);
        int right = readInt(root + 6);
        long leaf = (long) (left != 0 ? left : right) << 4;
        patchInt(left != 0 ? root + 2 : root + 6, 0);
        assertFinding("record at offset " + leaf + " is not linked from its bucket's tree");
        assertRepaired(Set.of());
    }

    @Test
    void poolEntryOverARecord() throws IOException {
        long rec = firstBlock(true);
        byte[] region = new byte[16];
        int p = Varint.write(region, 0, rec >>> 4);
        p = Varint.write(region, p, 1);
        patch(Header.SIZE + 4 * 7, java.util.Arrays.copyOf(region, p + 2));
        assertFinding("free block pool entry (" + rec + ", 16) covers offset " + rec + ", which is not a free block");
        assertRepaired(Set.of());
    }

    @Test
    void freeBlockWithAnImpossibleSize() throws IOException {
        long free = firstBlock(false);
        patchInt(free + 1, 3);
        assertFinding("block at offset " + free + ": free block of size 3");
        assertRepaired(Set.of());
    }

    @Test
    void headerBeyondUse() throws IOException {
        patchLong(Header.OFF_BNUM, 0);
        patchLong(Header.OFF_FREC, 0);
        TcException e = assertThrows(TcException.class, () -> HashDatabase.openReadOnly(db).close());
        assertEquals(TcError.META, e.error());
        assertRepaired(Set.of());
    }

    private void assertFinding(String expected) {
        List<String> findings;
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            findings = h.verify();
        }
        assertTrue(findings.stream().anyMatch(f -> f.contains(expected)), () -> "expected '" + expected + "' in " + findings);
    }

    private void assertRepaired(Set<String> lost) {
        Path out = dir.resolve("repaired");
        RepairReport report = HashDatabase.repair(db, out, null);
        Map<String, String> got = new HashMap<>();
        try (HashDatabase h = HashDatabase.openReadOnly(out)) {
            h.forEach((k, v) -> got.put(new String(k), new String(v)));
            assertEquals(List.of(), h.verify());
        }
        Map<String, String> expected = new HashMap<>(records);
        expected.keySet().removeAll(lost);
        assertEquals(expected, got);
        assertEquals(expected.size(), report.saved(), () -> "report " + report);
    }

    private static long bucketOf(String key) {
        return KeyHash.bucket(key.getBytes(), 7);
    }

    private long root(String key) throws IOException {
        return (long) readInt(Header.SIZE + 4 * bucketOf(key)) << 4;
    }

    /** The first record (or free block) in physical order. */
    private long firstBlock(boolean record) throws IOException {
        byte[] all = Files.readAllBytes(db);
        ByteBuffer b = ByteBuffer.wrap(all);
        long off = b.getLong(Header.OFF_FREC);
        Block blk = new Block(48, java.nio.ByteOrder.BIG_ENDIAN);
        while (true) {
            blk.off = off;
            blk.buf = b;
            blk.base = (int) off;
            blk.avail = 48;
            assertEquals(null, blk.parse(4, 4, all.length));
            if (blk.isRecord() == record) {
                return off;
            }
            off += blk.size;
        }
    }

    private String keyAt(long rec) throws IOException {
        byte[] all = Files.readAllBytes(db);
        return new String(all, (int) rec + 14, all[(int) rec + 12]);
    }

    private int readInt(long off) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(db)).getInt((int) off);
    }

    private void patch(long off, byte[] bytes) throws IOException {
        DefectRegressionTest.patch(db, off, bytes);
    }

    private void patchInt(long off, int v) throws IOException {
        patch(off, ByteBuffer.allocate(4).putInt(v).array());
    }

    private void patchLong(long off, long v) throws IOException {
        patch(off, ByteBuffer.allocate(8).putLong(v).array());
    }
}
