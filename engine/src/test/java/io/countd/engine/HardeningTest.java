package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where Tokyo Cabinet 1.4.48 can lose data through stale state, the engine does not (format-spec
 * tchdb.md §17.5 and §22.1): a pool list saved by copy is not resurrected by a rollback, a log
 * left by an abort cannot be replayed later, and a nested transaction begin fails instead of
 * waiting forever.
 */
class HardeningTest {
    @TempDir
    Path dir;

    @Test
    void rollbackAfterCopyDoesNotResurrectAStalePool() {
        Path db = dir.resolve("casket");
        try (HashDatabase h = HashDatabase.builder(db).truncate().open()) {
            h.put("a", "first");
            h.put("b", "second");
            h.put("c", "third");
            h.remove("a");
            h.copyTo(dir.resolve("copy"));
            h.put("d", "fourth");
            h.beginTransaction();
            h.put("e", "fifth");
        }
        try (HashDatabase h = HashDatabase.open(db)) {
            h.put("f", "sixth");
        }
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertEquals("fourth", h.get("d"), "TC would have overwritten d with f");
            assertEquals("sixth", h.get("f"));
            assertEquals(null, h.get("e"));
            assertEquals(4, h.count());
            assertEquals(4, h.stream().count());
        }
        try (HashDatabase copy = HashDatabase.openReadOnly(dir.resolve("copy"))) {
            assertEquals(2, copy.count());
            assertFalse(copy.info().open(), "a copy is a cleanly closed file");
        }
    }

    @Test
    void abortEmptiesTheLogAndKeepsTheFileMarkedOpen() throws IOException {
        Path db = dir.resolve("casket");
        try (HashDatabase h = HashDatabase.builder(db).truncate().open()) {
            h.put("a", "1");
            h.beginTransaction();
            h.put("b", "2");
            h.abortTransaction();
            assertEquals(0, Files.size(dir.resolve("casket.wal")));
            assertTrue(h.info().open());
            assertEquals(null, h.get("b"));
            h.put("c", "3");
        }
        assertFalse(Files.exists(dir.resolve("casket.wal")));
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertEquals("1", h.get("a"));
            assertEquals("3", h.get("c"));
        }
    }

    @Test
    void aLogBesideACleanlyClosedFileIsDiscardedByTheNextWriter() throws IOException {
        Path db = dir.resolve("casket");
        try (HashDatabase h = HashDatabase.builder(db).truncate().open()) {
            h.put("a", "1");
        }
        Files.write(dir.resolve("casket.wal"), new byte[400]);
        try (HashDatabase h = HashDatabase.open(db)) {
            assertFalse(Files.exists(dir.resolve("casket.wal")));
            assertEquals("1", h.get("a"));
        }
    }

    @Test
    void nestedBeginOnTheSameThreadFailsInsteadOfWaitingForever() {
        try (HashDatabase h = HashDatabase.builder(dir.resolve("casket")).truncate().open()) {
            h.beginTransaction();
            TcException e = assertThrows(TcException.class, h::beginTransaction);
            assertEquals(TcError.INVALID, e.error());
            h.commitTransaction();
            h.beginTransaction();
            h.abortTransaction();
        }
    }

    @Test
    void asynchronousPutsAreSeenByEveryLaterOperation() throws Exception {
        try (HashDatabase h = HashDatabase.builder(dir.resolve("casket")).truncate().open()) {
            for (int i = 0; i < 100; i++) {
                h.putAsync(("k" + i).getBytes(), ("v" + i).getBytes());
            }
            assertEquals(100, h.count());
            String fromOtherThread = java.util.concurrent.CompletableFuture.supplyAsync(() -> h.get("k42")).get();
            assertEquals("v42", fromOtherThread);
            assertEquals(100, h.stream().count());
            h.putAsync("k1".getBytes(), "changed".getBytes());
            assertEquals("changed", h.get("k1"));
        }
    }
}
