package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log: on its own, its bytes (format-spec/tchdb.md section 17.1: the size at
 * begin, then offset, size and pre-image per entry, clipped to that size) and its replay (last
 * entry first, a torn last entry ignored, a damaged one refused); through a handle, its two ways
 * of logging: region by region for small transactions, and one pre-image of the whole file once a
 * transaction has logged so much that copying the file costs less. Either way an abort, and TC's
 * own rollback of a log left behind, restore the state before the transaction.
 */
class WriteAheadLogTest {
    @TempDir
    Path dir;

    /** A writer's mark for a file in {@link #dir}, as the engine keeps one per open file. */
    private UnsyncedMark mark() {
        return UnsyncedMark.open(dir.resolve("file"), true, false);
    }

    private Path db() {
        return dir.resolve("casket");
    }

    private Path wal() {
        return dir.resolve("casket.wal");
    }

    /** 2,000 records in a file of about 600 KB (mostly the bucket array). */
    private HashDatabase filled() {
        HashDatabase h = HashDatabase.open(db());
        for (int i = 0; i < 2000; i++) {
            h.put("key-" + i, "value-" + i);
        }
        return h;
    }

    private static List<String> listing(HashDatabase h) {
        List<String> all = new ArrayList<>();
        h.forEach((k, v) -> all.add(new String(k) + "=" + new String(v)));
        return all;
    }

    @Test
    void aSmallTransactionLogsItsRegionsOnly() throws Exception {
        try (HashDatabase h = filled()) {
            List<String> before = listing(h);
            long fileSize = h.fileSize();
            h.beginTransaction();
            h.put("key-1", "changed");
            h.put("new", "record");
            assertTrue(Files.size(wal()) < 4096, "a few entries, not the file: " + Files.size(wal()));
            h.abortTransaction();
            assertEquals(before, listing(h));
            assertEquals(fileSize, h.fileSize());
            assertTrue(h.verify().isEmpty(), () -> h.verify().toString());
        }
    }

    @Test
    void aLargeTransactionLogsTheWholeFileOnceAndRollsBack() throws Exception {
        try (HashDatabase h = filled()) {
            List<String> before = listing(h);
            long fileSize = h.fileSize();
            h.beginTransaction();
            for (int i = 0; i < 500; i++) {
                h.put("key-" + i, "a longer value that moves the record " + i);
            }
            long logged = Files.size(wal());
            assertTrue(logged > fileSize, "the whole file is logged: " + logged + " > " + fileSize);
            assertTrue(logged < fileSize + 64 * 1024, "and little else: " + logged);
            for (int i = 500; i < 2000; i++) {
                h.remove("key-" + i);
                h.put("more-" + i, "x".repeat(i % 300));
            }
            assertEquals(logged, Files.size(wal()), "nothing more is logged after the whole image");
            h.abortTransaction();
            assertEquals(before, listing(h));
            assertEquals(fileSize, h.fileSize());
            assertTrue(h.verify().isEmpty(), () -> h.verify().toString());
        }
    }

    @Test
    void tokyoCabinetRollsBackAWholeImageLogLeftBehind() throws Exception {
        TcOracle.requireBinaries();
        try (HashDatabase h = filled()) {
            h.beginTransaction();
            for (int i = 0; i < 2000; i++) {
                h.put("key-" + i, "changed-" + i + "-".repeat(i % 100));
            }
            h.put("inside", "transaction");
            // A crash here leaves the log and the changed file; copy both as they are now.
            Files.copy(db(), dir.resolve("copy"));
            Files.copy(wal(), dir.resolve("copy.wal"));
            h.commitTransaction();
        }
        String listing = TcOracle.runOk(dir, "tchmgr", "list", "-pv", "copy").out();
        StringBuilder want = new StringBuilder();
        try (HashDatabase original = HashDatabase.open(dir.resolve("original"))) {
            for (int i = 0; i < 2000; i++) {
                original.put("key-" + i, "value-" + i);
            }
            original.forEach((k, v) -> want.append(new String(k)).append('\t').append(new String(v)).append('\n'));
        }
        assertEquals(want.toString(), listing, "Debian's tchmgr restores the state before the transaction");
        assertTrue(Files.notExists(dir.resolve("copy.wal")), "and removes the log");
    }

    // ---------------------------------------------------------------- the log on its own

    /**
     * The size at begin in these cases: large enough that a few entries cost less than a
     * pre-image of the whole file, which the log would take instead.
     */
    private static final int WALEND = 60000;

    /** A file of 64 KiB whose byte i is i mod 251. */
    private FileChannel patterned() throws IOException {
        FileChannel ch = FileChannel.open(db(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ch.write(ByteBuffer.wrap(preImage()), 0);
        return ch;
    }

    private static byte[] header() {
        byte[] h = new byte[Header.SIZE];
        h[0] = 'T';
        h[Header.SIZE - 1] = 'Z';
        return h;
    }

    private static byte[] slice(byte[] a, int from, int len) {
        return java.util.Arrays.copyOfRange(a, from, from + len);
    }

    @Test
    void theLogHoldsTheSizeAtBeginThenEachPreImageClippedToIt() throws Exception {
        try (FileChannel ch = patterned(); DataFile file = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, mark());
                WriteAheadLog log = WriteAheadLog.create(db(), ByteOrder.BIG_ENDIAN, false)) {
            log.begin(WALEND, header());
            log.log(300, 16, file);
            log.log(WALEND - 10, 20, file);
            log.log(WALEND, 8, file);
            byte[] bytes = Files.readAllBytes(wal());
            ByteBuffer b = ByteBuffer.wrap(bytes);
            assertEquals(8 + (12 + 256) + (12 + 16) + (12 + 10), bytes.length, "nothing logged at or past walend");
            assertEquals(WALEND, b.getLong(0), "walend");
            assertEquals(0, b.getLong(8));
            assertEquals(Header.SIZE, b.getInt(16));
            assertArrayEquals(header(), slice(bytes, 20, 256));
            assertEquals(300, b.getLong(276));
            assertEquals(16, b.getInt(284));
            assertArrayEquals(slice(preImage(), 300, 16), slice(bytes, 288, 16));
            assertEquals(WALEND - 10, b.getLong(304));
            assertEquals(10, b.getInt(312), "clipped to end at walend");
            assertArrayEquals(slice(preImage(), WALEND - 10, 10), slice(bytes, 316, 10));
        }
    }

    private static byte[] preImage() {
        byte[] bytes = new byte[64 << 10];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i % 251);
        }
        return bytes;
    }

    @Test
    void replayWritesTheEarliestImageBackAndRestoreCutsToTheSizeAtBegin() throws Exception {
        try (FileChannel ch = patterned(); DataFile file = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, mark());
                WriteAheadLog log = WriteAheadLog.create(db(), ByteOrder.BIG_ENDIAN, false)) {
            file.write(0, header(), 0, Header.SIZE);
            byte[] before = java.util.Arrays.copyOf(preImage(), WALEND);
            System.arraycopy(header(), 0, before, 0, Header.SIZE);
            log.begin(WALEND, header());
            log.log(300, 16, file);
            file.write(300, new byte[16], 0, 16);
            log.log(296, 24, file);
            file.write(296, new byte[24], 0, 24);
            file.write(WALEND, new byte[100], 0, 100);
            assertTrue(WriteAheadLog.restore(db(), ch, false));
            assertEquals(WALEND, ch.size());
            byte[] after = new byte[WALEND];
            file.read(0, after, 0, WALEND);
            assertArrayEquals(before, after, "300..316 from the first entry, 296..300 and 316..320 from the second");
        }
    }

    @Test
    void aTornLastEntryIsIgnored() throws Exception {
        try (FileChannel ch = patterned(); DataFile file = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, mark());
                WriteAheadLog log = WriteAheadLog.create(db(), ByteOrder.BIG_ENDIAN, false)) {
            log.begin(WALEND, header());
            log.log(500, 8, file);
            file.write(500, new byte[8], 0, 8);
            file.write(600, new byte[8], 0, 8);
        }
        // A crash while the entry for 600 was written: its header and half its bytes.
        ByteBuffer torn = ByteBuffer.allocate(12 + 4).putLong(600).putInt(8).putInt(0x01020304);
        try (FileChannel w = FileChannel.open(wal(), StandardOpenOption.APPEND)) {
            w.write(torn.flip());
        }
        try (FileChannel ch = FileChannel.open(db(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            assertEquals(WALEND, WriteAheadLog.replay(db(), ch, false));
            ByteBuffer got = ByteBuffer.allocate(8);
            ch.read(got, 500);
            assertArrayEquals(slice(preImage(), 500, 8), got.array(), "the complete entry is applied");
            got.clear();
            ch.read(got, 600);
            assertArrayEquals(new byte[8], got.array(), "the torn one is not");
        }
    }

    @Test
    void aCommittedLogIsEmptyAndReplaysNothing() throws Exception {
        try (FileChannel ch = patterned(); DataFile file = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, mark());
                WriteAheadLog log = WriteAheadLog.create(db(), ByteOrder.BIG_ENDIAN, false)) {
            log.begin(WALEND, header());
            log.log(500, 8, file);
            log.commit();
            assertEquals(0, Files.size(wal()));
            assertEquals(-1, WriteAheadLog.replay(db(), ch, false));
        }
    }

    @Test
    void anEntryBeyondTheLoggedSizeIsADamagedLog() throws Exception {
        try (FileChannel ch = patterned(); DataFile file = new DataFile(ch, ByteOrder.LITTLE_ENDIAN, true, 0, mark());
                WriteAheadLog log = WriteAheadLog.create(db(), ByteOrder.LITTLE_ENDIAN, false)) {
            log.begin(512, header());
        }
        ByteBuffer bad = ByteBuffer.allocate(12 + 8).order(ByteOrder.LITTLE_ENDIAN).putLong(508).putInt(8).putLong(0);
        try (FileChannel w = FileChannel.open(wal(), StandardOpenOption.APPEND)) {
            w.write(bad.flip());
        }
        try (FileChannel ch = FileChannel.open(db(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            TcException x = assertThrows(TcException.class, () -> WriteAheadLog.replay(db(), ch, false));
            assertEquals(TcError.META, x.error(), "a little-endian log, detected from its header entry");
        }
    }
}
