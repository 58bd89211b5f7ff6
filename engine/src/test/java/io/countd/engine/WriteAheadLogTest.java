package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.ProcessResult;
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

    /**
     * A transaction that grows the file by about 300 KB (records of a kilobyte appended at its
     * end), then rewrites every record, some to values longer than a page; the log takes the whole
     * file's pre-image on the way.
     */
    private static void largeGrowingTransaction(HashDatabase h) {
        h.beginTransaction();
        for (int i = 0; i < 300; i++) {
            h.put("grown-" + i, i + "x".repeat(1000));
        }
        for (int i = 0; i < 2000; i++) {
            h.put("key-" + i, i % 97 == 0 ? "v".repeat(6000) : "changed-" + i + "-".repeat(i % 50));
        }
    }

    /** The records as {@code tchmgr list -pv} prints them. */
    private static String tabbed(HashDatabase h) {
        StringBuilder all = new StringBuilder();
        h.forEach((k, v) -> all.append(new String(k)).append('\t').append(new String(v)).append('\n'));
        return all.toString();
    }

    /** The entries of a log: for each, its position in the log and its length there. */
    private static List<long[]> entryLayout(byte[] log) {
        ByteBuffer b = ByteBuffer.wrap(log);
        List<long[]> entries = new ArrayList<>();
        for (int p = 8; p + 12 <= log.length; ) {
            long len = 12 + Integer.toUnsignedLong(b.getInt(p + 8));
            entries.add(new long[] {p, len});
            p += len;
        }
        return entries;
    }

    @Test
    void noEntryOfTheLogCrossesAPage() throws Exception {
        try (HashDatabase h = filled()) {
            long walend = h.fileSize();
            largeGrowingTransaction(h);
            byte[] log = Files.readAllBytes(wal());
            assertTrue(log.length > walend, "the whole image was taken: " + log.length + " > " + walend);
            List<long[]> entries = entryLayout(log);
            long[] last = entries.get(entries.size() - 1);
            assertEquals(log.length, last[0] + last[1], "the entries tile the log");
            for (long[] e : entries) {
                assertEquals(e[0] / WriteAheadLog.PAGE, (e[0] + e[1] - 1) / WriteAheadLog.PAGE,
                        "the entry at " + e[0] + " of " + e[1] + " bytes lies in one page");
            }
            h.abortTransaction();
        }
    }

    /**
     * Linux stops a killed process's write only between the pages it copies: a kill can end the
     * log at any page boundary within a write. Tokyo Cabinet meets a torn last entry by keeping
     * the header it read before the rollback, whose size is the grown file's, and then reads past
     * the end of the file it cut back (SIGBUS, exit 135, where that end is near a page boundary).
     * At every such cut (the first 80) Debian's tchmgr rolls back (and removes the log), lists the
     * state before the transaction, and so does the engine.
     */
    @Test
    void tokyoCabinetRollsBackWhereverAKillEndsAWriteOfTheLog() throws Exception {
        TcOracle.requireBinaries();
        List<Long> cuts = new ArrayList<>();
        Path images = Files.createDirectories(dir.resolve("images"));
        String before;
        try (HashDatabase h = filled()) {
            // The size at begin just short of a page boundary: TC's read of the last record then
            // runs into the page past the end of the file it cut back.
            for (int i = 0; h.fileSize() % WriteAheadLog.PAGE < WriteAheadLog.PAGE - 32; i++) {
                h.put("filler-" + i, "x");
            }
            before = tabbed(h);
            IoSeam.hook = new IoSeam.Hook() {
                @Override
                public void beforeWrite(boolean log, long off, long len) {
                }

                @Override
                public void afterWrite(boolean log, long off, long len) {
                    for (long cut = (off / WriteAheadLog.PAGE + 1) * WriteAheadLog.PAGE; log && cut < off + len;
                            cut += WriteAheadLog.PAGE) {
                        if (cuts.size() < 80) {
                            snapshot(cut);
                        }
                    }
                }

                private void snapshot(long cut) {
                    try {
                        Path at = Files.createDirectories(images.resolve(Long.toString(cut)));
                        Files.copy(db(), at.resolve("casket"));
                        Files.write(at.resolve("casket.wal"), java.util.Arrays.copyOf(Files.readAllBytes(wal()), (int) cut));
                        cuts.add(cut);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            };
            try {
                largeGrowingTransaction(h);
            } finally {
                IoSeam.hook = null;
            }
            h.abortTransaction();
        }
        assertTrue(cuts.size() > 10, "cuts inside the log's writes: " + cuts);
        List<String> failures = new ArrayList<>();
        for (long cut : cuts) {
            Path at = images.resolve(Long.toString(cut));
            ProcessResult listed = TcOracle.run(at, 60, "tchmgr", "list", "-pv", "casket");
            if (listed.exitCode() != 0 || !listed.out().equals(before) || Files.exists(at.resolve("casket.wal"))) {
                failures.add("log cut at " + cut + ": tchmgr list " + (listed.exitCode() != 0 ? "exit " + listed.exitCode()
                        : listed.out().equals(before) ? "kept the log" : "listed another state"));
                continue;
            }
            try (HashDatabase h = HashDatabase.openReadOnly(at.resolve("casket"))) {
                if (!tabbed(h).equals(before)) {
                    failures.add("log cut at " + cut + ": the engine read another state");
                }
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + cuts.size() + " cuts: " + failures);
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
        try (FileChannel ch = patterned(); DataFile file = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, DataFile.WINDOW, mark());
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
        try (FileChannel ch = patterned(); DataFile file = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, DataFile.WINDOW, mark());
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

    /**
     * Regions of every size at random places, each overwritten after it is logged, near and at the
     * logged size too (where an entry can only be widened to the left): every entry lies in one
     * page of the log, and the rollback gives back the file as it was.
     */
    @Test
    void randomRegionsAreLoggedInPagesAndRolledBackExactly() throws Exception {
        int size = 4 << 20;
        byte[] original = new byte[size];
        new java.util.Random(7).nextBytes(original);
        System.arraycopy(header(), 0, original, 0, Header.SIZE);
        try (FileChannel ch = FileChannel.open(db(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); DataFile file = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, DataFile.WINDOW, mark());
                WriteAheadLog log = WriteAheadLog.create(db(), ByteOrder.BIG_ENDIAN, false)) {
            ch.write(ByteBuffer.wrap(original), 0);
            java.util.Random r = new java.util.Random(11);
            log.begin(size, header());
            for (int i = 0; i < 600; i++) {
                int len = 1 + r.nextInt(r.nextBoolean() ? 40 : 9000);
                int off = i % 10 == 0 ? size - len : Header.SIZE + r.nextInt(size - Header.SIZE - len);
                log.log(off, len, file);
                byte[] junk = new byte[len];
                r.nextBytes(junk);
                file.write(off, junk, 0, len);
            }
            byte[] bytes = Files.readAllBytes(wal());
            assertTrue(bytes.length < size, "no whole image yet: " + bytes.length);
            for (long[] e : entryLayout(bytes)) {
                assertEquals(e[0] / WriteAheadLog.PAGE, (e[0] + e[1] - 1) / WriteAheadLog.PAGE,
                        "the entry at " + e[0] + " of " + e[1] + " bytes lies in one page");
            }
            assertTrue(WriteAheadLog.restore(db(), ch, false));
            byte[] after = new byte[size];
            file.read(0, after, 0, size);
            assertArrayEquals(original, after);
        }
    }

    @Test
    void anEntryThatWouldLeaveTooLittleOfItsPageIsWidened() throws Exception {
        try (FileChannel ch = patterned(); DataFile file = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, DataFile.WINDOW, mark());
                WriteAheadLog log = WriteAheadLog.create(db(), ByteOrder.BIG_ENDIAN, false)) {
            log.begin(WALEND, header());
            // At 276, an entry of 3,800 bytes would leave 8 in the page: it ends at walend, so it
            // takes the 8 bytes before it.
            log.log(WALEND - 3800, 3800, file);
            // At 4,096, one of 4,080 would leave 4: it takes the 4 after it.
            log.log(1000, 4080, file);
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(wal()));
            assertEquals(WALEND - 3808, b.getLong(276));
            assertEquals(3808, b.getInt(284));
            assertArrayEquals(slice(preImage(), WALEND - 3808, 3808), slice(b.array(), 288, 3808));
            assertEquals(1000, b.getLong(4096));
            assertEquals(4084, b.getInt(4104));
            assertArrayEquals(slice(preImage(), 1000, 4084), slice(b.array(), 4108, 4084));
            assertEquals(2 * WriteAheadLog.PAGE, b.capacity(), "each entry ends its page");
        }
    }

    @Test
    void aTornLastEntryIsIgnored() throws Exception {
        try (FileChannel ch = patterned(); DataFile file = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, DataFile.WINDOW, mark());
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
        try (FileChannel ch = patterned(); DataFile file = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, DataFile.WINDOW, mark());
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
        try (FileChannel ch = patterned(); DataFile file = new DataFile(ch, ByteOrder.LITTLE_ENDIAN, true, 0, DataFile.WINDOW, mark());
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
