package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files of many kinds each give a {@link TcException} with TC's error code within a
 * second: never a hang, an out-of-memory error, a stack overflow or an access out of bounds.
 * Damage is made by editing a valid file's bytes at offsets computed from the format.
 */
class MalformedFileTest {
    private static final Duration LIMIT = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private Path db;

    /** A valid file: 7 buckets, so trees have several levels, 16-byte alignment. */
    @BeforeEach
    void validFile() {
        db = dir.resolve("casket");
        try (HashDatabase h = HashDatabase.builder(db).truncate().buckets(7).open()) {
            for (int i = 0; i < 200; i++) {
                h.put("key" + i, "value" + i);
            }
            for (int i = 0; i < 200; i += 7) {
                h.remove("key" + i);
            }
        }
    }

    // ---------------------------------------------------------------- open-time damage

    @Test
    void emptyFileFailsForReadersAndIsInitializedByWriters() throws IOException {
        Files.write(db, new byte[0]);
        TcException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(TcException.class, () -> HashDatabase.openReadOnly(db)));
        assertEquals(TcError.READ, e.error());
        try (HashDatabase h = HashDatabase.builder(db).create(false).open()) {
            assertEquals(0, h.count());
        }
    }

    @Test
    void shorterThanAHeader() throws IOException {
        Files.write(db, new byte[100]);
        assertOpenFails(TcError.READ);
    }

    @Test
    void zeroHeader() throws IOException {
        Files.write(db, new byte[4096]);
        assertOpenFails(TcError.META);
    }

    @Test
    void randomGarbage() throws IOException {
        byte[] junk = new byte[1 << 16];
        new Random(42).nextBytes(junk);
        Files.write(db, junk);
        assertOpenFails(TcError.META);
    }

    @Test
    void badMagic() throws IOException {
        patch(0, (byte) 't');
        assertOpenFails(TcError.META);
    }

    @Test
    void bTreeDatabaseType() throws IOException {
        patch(Header.OFF_TYPE, (byte) 1);
        assertOpenFails(TcError.META);
    }

    @Test
    void fixedLengthDatabaseType() throws IOException {
        patch(Header.OFF_TYPE, (byte) 2);
        assertOpenFails(TcError.META);
    }

    @Test
    void alignmentPowerOutOfRange() throws IOException {
        patch(Header.OFF_APOW, (byte) 40);
        assertOpenFails(TcError.META);
    }

    @Test
    void poolPowerOutOfRange() throws IOException {
        patch(Header.OFF_FPOW, (byte) 99);
        assertOpenFails(TcError.META);
    }

    @Test
    void zeroBuckets() throws IOException {
        patchLong(Header.OFF_BNUM, 0);
        assertOpenFails(TcError.META);
    }

    @Test
    void hugeBucketCount() throws IOException {
        patchLong(Header.OFF_BNUM, 1L << 50);
        assertOpenFails(TcError.META);
    }

    @Test
    void firstRecordInsideTheBucketArray() throws IOException {
        patchLong(Header.OFF_FREC, 260);
        assertOpenFails(TcError.META);
    }

    @Test
    void firstRecordAfterTheEnd() throws IOException {
        patchLong(Header.OFF_FREC, readLong(Header.OFF_FSIZ) + 16);
        assertOpenFails(TcError.META);
    }

    @Test
    void logicalSizeBeyondTheFile() throws IOException {
        patchLong(Header.OFF_FSIZ, 1L << 62);
        assertOpenFails(TcError.META);
    }

    @Test
    void negativeRecordCount() throws IOException {
        patchLong(Header.OFF_RNUM, -1);
        assertOpenFails(TcError.META);
    }

    @Test
    void truncatedRecordSection() throws IOException {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        assertOpenFails(TcError.META);
    }

    @Test
    void truncatedBucketArray() throws IOException {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            ch.truncate(300);
        }
        assertOpenFails(TcError.META);
    }

    @Test
    void directoryInsteadOfAFile() throws IOException {
        Files.delete(db);
        Files.createDirectory(db);
        assertOpenFails(TcError.STAT);
    }

    @Test
    void damagedWriteAheadLogIsRefusedNotApplied() throws IOException {
        byte[] before = Files.readAllBytes(db);
        patch(Header.OFF_FLAGS, (byte) Header.FLAG_OPEN);
        byte[] wal = new byte[600];
        new Random(7).nextBytes(wal);
        ByteBuffer.wrap(wal).putLong(0, before.length).putLong(8, 0).putInt(16, Header.SIZE);
        ByteBuffer.wrap(wal).putLong(8 + 12 + Header.SIZE, 1L << 40).putInt(8 + 12 + Header.SIZE + 8, 50);
        Files.write(dir.resolve("casket.wal"), wal);
        assertOpenFails(TcError.META);
        before[Header.OFF_FLAGS] = (byte) Header.FLAG_OPEN;
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(db)), "the file must not be touched");
    }

    // ---------------------------------------------------------------- damage met by operations

    @Test
    void bucketPointingPastTheEnd() throws IOException {
        int bucket = bucketOf("key1");
        patchInt(Header.SIZE + 4 * bucket, 0x7fff_ffff);
        assertReadFails("key1", TcError.RHEAD);
    }

    @Test
    void bucketPointingIntoTheHeader() throws IOException {
        int bucket = bucketOf("key1");
        patchInt(Header.SIZE + 4 * bucket, 1);
        assertReadFails("key1", TcError.RHEAD);
    }

    @Test
    void recordWithBadMagic() throws IOException {
        patch(root("key1"), (byte) 0x00);
        assertReadFails("key1", TcError.RHEAD);
    }

    @Test
    void recordClaimingAHugeKey() throws IOException {
        long rec = root("key1");
        patchBytes(rec + 12, new byte[] {(byte) 0xf0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});
        assertReadFails("key1", TcError.RHEAD);
    }

    @Test
    void recordWithUnterminatedSize() throws IOException {
        long rec = root("key1");
        patchBytes(rec + 12, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff});
        assertReadFails("key1", TcError.RHEAD);
    }

    @Test
    void recordValueRunningPastTheEnd() throws IOException {
        long rec = root("key1");
        int ksiz = readByte(rec + 12);
        patchBytes(rec + 13, new byte[] {(byte) 0x80, (byte) 0xfc, 0x7f});
        assertTrue(ksiz < 128);
        assertReadFails("key1", TcError.RHEAD);
    }

    @Test
    void treeLinkPointingToItself() throws IOException {
        long rec = root("key1");
        patchInt(rec + 2, (int) (rec >>> 4));
        patchInt(rec + 6, (int) (rec >>> 4));
        assertReadFails("absent-key", TcError.RHEAD, "key1");
    }

    @Test
    void treeLinksFormingACycle() throws IOException {
        long a = root("key1");
        long b = readInt(a + 2) != 0 ? (long) readInt(a + 2) << 4 : (long) readInt(a + 6) << 4;
        assertTrue(b != 0, "the root needs a child");
        patchInt(b + 2, (int) (a >>> 4));
        patchInt(b + 6, (int) (a >>> 4));
        patchInt(a + 2, (int) (b >>> 4));
        patchInt(a + 6, (int) (b >>> 4));
        assertReadFails("absent-key", TcError.RHEAD, "key1");
    }

    @Test
    void treeLinkPointingPastTheEnd() throws IOException {
        long rec = root("key1");
        patchInt(rec + 2, 0x7fff_fff0);
        patchInt(rec + 6, 0x7fff_fff0);
        assertReadFails("absent-key", TcError.RHEAD, "key1");
    }

    @Test
    void loopInTheRightSpineDuringRemoval() throws IOException {
        long rec = twoChildNode();
        long left = (long) readInt(rec + 2) << 4;
        patchInt(left + 6, (int) (left >>> 4));
        String key = keyAt(rec);
        assertWriteFails(h -> h.remove(key), TcError.RHEAD);
    }

    @Test
    void freeBlockOfSizeZero() throws IOException {
        long free = firstFreeBlock();
        patchInt(free + 1, 0);
        assertIterationFails();
    }

    @Test
    void freeBlockOfHugeSize() throws IOException {
        long free = firstFreeBlock();
        patchInt(free + 1, 0x7fff_ffff);
        assertIterationFails();
    }

    @Test
    void freeBlockPoolEntriesBeyondTheFileAreIgnored() throws IOException {
        long msiz = Header.SIZE + 4L * 7;
        patchBytes(msiz, new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 0x7f, 0x10, 0x00, 0x00});
        try (HashDatabase h = HashDatabase.open(db)) {
            for (int i = 0; i < 50; i++) {
                h.put("new" + i, "v");
            }
        }
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertEquals(200 - 29 + 50, h.count());
            assertEquals(h.count(), h.stream().count());
        }
    }

    // ---------------------------------------------------------------- helpers

    private void assertOpenFails(TcError expected) {
        for (boolean writer : new boolean[] {false, true}) {
            TcException e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(TcException.class, () -> {
                HashDatabase.Builder b = HashDatabase.builder(db).create(false);
                if (!writer) {
                    b.readOnly();
                }
                b.open().close();
            }));
            if (!(writer && expected == TcError.STAT)) {
                assertEquals(expected, e.error(), e::getMessage);
            }
        }
    }

    private void assertReadFails(String key, TcError expected, String... sameBucket) {
        TcException e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(TcException.class, () -> {
            try (HashDatabase h = HashDatabase.openReadOnly(db)) {
                if (sameBucket.length > 0) {
                    int target = bucketOf(sameBucket[0]);
                    for (int i = 0; ; i++) {
                        String k = key + i;
                        if (bucketOf(k) == target) {
                            h.get(k);
                        }
                    }
                }
                h.get(key);
            }
        }));
        assertEquals(expected, e.error(), e::getMessage);
    }

    private void assertWriteFails(Consumer<HashDatabase> op, TcError expected) {
        TcException e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(TcException.class, () -> {
            try (HashDatabase h = HashDatabase.open(db)) {
                op.accept(h);
            }
        }));
        assertEquals(expected, e.error(), e::getMessage);
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertTrue(h.info().fatal(), "a writer meeting damage marks the file FATAL");
        } catch (TcException ignored) {
            // the damage itself may keep the file from opening; the FATAL flag is best effort
        }
    }

    private void assertIterationFails() {
        TcException e = assertTimeoutPreemptively(LIMIT, () -> assertThrows(TcException.class, () -> {
            try (HashDatabase h = HashDatabase.openReadOnly(db)) {
                h.stream().count();
            }
        }));
        assertEquals(TcError.RHEAD, e.error(), e::getMessage);
    }

    private static int bucketOf(String key) {
        return (int) KeyHash.bucket(key.getBytes(), 7);
    }

    /** The root record of {@code key}'s bucket. */
    private long root(String key) throws IOException {
        return (long) readInt(Header.SIZE + 4 * bucketOf(key)) << 4;
    }

    /** A record with two children, found by walking every bucket. */
    private long twoChildNode() throws IOException {
        for (int b = 0; b < 7; b++) {
            long rec = (long) readInt(Header.SIZE + 4 * b) << 4;
            if (rec != 0 && readInt(rec + 2) != 0 && readInt(rec + 6) != 0) {
                return rec;
            }
        }
        throw new AssertionError("no record with two children");
    }

    private String keyAt(long rec) throws IOException {
        int ksiz = readByte(rec + 12);
        byte[] k = new byte[ksiz];
        System.arraycopy(Files.readAllBytes(db), (int) rec + 14, k, 0, ksiz);
        return new String(k);
    }

    private long firstFreeBlock() throws IOException {
        byte[] all = Files.readAllBytes(db);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.BIG_ENDIAN);
        long off = b.getLong(Header.OFF_FREC);
        long fsiz = b.getLong(Header.OFF_FSIZ);
        while (off < fsiz) {
            if ((all[(int) off] & 0xFF) == Block.MAGIC_FREE) {
                return off;
            }
            Block blk = new Block(48, ByteOrder.BIG_ENDIAN);
            blk.off = off;
            blk.buf = b;
            blk.base = (int) off;
            blk.avail = (int) Math.min(48, fsiz - off);
            assertEquals(null, blk.parse(4, 4, fsiz));
            off += blk.size;
        }
        throw new AssertionError("no free block");
    }

    private void patch(long off, byte value) throws IOException {
        patchBytes(off, new byte[] {value});
    }

    private void patchInt(long off, int value) throws IOException {
        patchBytes(off, ByteBuffer.allocate(4).putInt(value).array());
    }

    private void patchLong(long off, long value) throws IOException {
        patchBytes(off, ByteBuffer.allocate(8).putLong(value).array());
    }

    private void patchBytes(long off, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), off);
        }
    }

    private int readByte(long off) throws IOException {
        return Files.readAllBytes(db)[(int) off] & 0xFF;
    }

    private int readInt(long off) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(db)).getInt((int) off);
    }

    private long readLong(long off) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(db)).getLong((int) off);
    }
}
