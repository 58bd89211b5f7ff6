package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.TcOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write-ahead log's two ways of logging: region by region for small transactions, and one
 * pre-image of the whole file once a transaction has logged so much that copying the file costs
 * less. Either way an abort, and TC's own rollback of a log left behind, restore the state before
 * the transaction.
 */
class WriteAheadLogTest {
    @TempDir
    Path dir;

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
}
