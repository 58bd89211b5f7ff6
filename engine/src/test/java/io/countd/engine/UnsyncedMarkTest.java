package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .unsynced} mark's life (tchdb.md §22.2): which operations leave it, which remove it,
 * and what an open after a restart of the machine (a hook's boot id) does with it.
 */
class UnsyncedMarkTest {
    @TempDir
    Path dir;

    @AfterEach
    void removeHook() {
        IoSeam.hook = null;
    }

    private Path db() {
        return dir.resolve("casket.tch");
    }

    private boolean marked() {
        return Files.exists(UnsyncedMark.pathFor(db()));
    }

    /** Stands for the machine's next boot. */
    private static void restart() {
        IoSeam.hook = new IoSeam.Hook() {
            @Override
            public void beforeWrite(boolean log, long off, long len) {
            }

            @Override
            public String bootId() {
                return "next-boot";
            }
        };
    }

    @Test
    void creatingAFileAndOpeningItWithoutChangesLeaveNoMark() {
        HashDatabase.builder(db()).open().close();
        assertFalse(marked(), "after creation");
        HashDatabase.builder(db()).open().close();
        try (HashDatabase r = HashDatabase.builder(db()).readOnly().open()) {
            assertEquals(0, r.count());
        }
        assertFalse(marked(), "after a writer and a reader that changed nothing");
    }

    @Test
    void creatingAFileWritesNoMarkButTruncatingADatabaseDoes() {
        List<Boolean> marks = new ArrayList<>();
        IoSeam.hook = new IoSeam.Hook() {
            @Override
            public void beforeWrite(boolean log, long off, long len) {
            }

            @Override
            public void marked(boolean on) {
                marks.add(on);
            }
        };
        // A creation cut short leaves zeros, which the next writer creates over: nothing to mark.
        HashDatabase.builder(db()).open().close();
        HashDatabase.builder(dir.resolve("other.tch")).truncate().open().close();
        assertEquals(List.of(), marks, "two new files, one opened to truncate");
        HashDatabase.builder(db()).truncate().open().close();
        assertEquals(List.of(true, false), marks, "a database emptied: marked, then the new file synced");
        assertFalse(marked());
    }

    @Test
    void aChangeMarksTheFileAndSyncRemovesTheMark() {
        try (HashDatabase db = HashDatabase.builder(db()).open()) {
            db.put("k", "v");
            assertTrue(marked(), "after a put");
            assertEquals(BootId.VALUE + "\n", read(UnsyncedMark.pathFor(db())));
            db.sync();
            assertFalse(marked(), "after sync");
            db.put("k", "w");
            assertTrue(marked(), "after the next put");
        }
        assertTrue(marked(), "close does not flush");
    }

    @Test
    void aMarkOfThisBootIsADeadProcessAndOpens() {
        try (HashDatabase db = HashDatabase.builder(db()).open()) {
            db.put("k", "v");
        }
        try (HashDatabase r = HashDatabase.builder(db()).readOnly().open()) {
            assertEquals("v", r.get("k"));
            assertEquals(List.of(), r.verify());
        }
    }

    @Test
    void aMarkOfAnotherBootIsRefusedUnlessAccepted() {
        try (HashDatabase db = HashDatabase.builder(db()).open()) {
            db.put("k", "v");
        }
        restart();
        for (HashDatabase.Builder b : List.of(HashDatabase.builder(db()), HashDatabase.builder(db()).readOnly())) {
            TcException e = assertThrows(TcException.class, b::open);
            assertEquals(TcError.META, e.error());
            assertTrue(e.getMessage().contains("without a sync when its machine stopped"), e.getMessage());
        }
        try (HashDatabase r = HashDatabase.builder(db()).readOnly().acceptUnsynced().open()) {
            assertEquals("v", r.get("k"));
            List<String> findings = r.verify();
            assertEquals(1, findings.size(), findings::toString);
            assertTrue(findings.get(0).contains(".unsynced mark is from another boot"));
        }
        try (HashDatabase w = HashDatabase.builder(db()).acceptUnsynced().open()) {
            assertEquals("next-boot\n", read(UnsyncedMark.pathFor(db())), "the writer takes the mark over");
            w.sync();
        }
        assertFalse(marked());
        try (HashDatabase r = HashDatabase.builder(db()).readOnly().open()) {
            assertEquals(List.of(), r.verify());
        }
    }

    @Test
    void truncatingIgnoresAnotherBootsMark() {
        try (HashDatabase db = HashDatabase.builder(db()).open()) {
            db.put("k", "v");
        }
        restart();
        try (HashDatabase db = HashDatabase.builder(db()).truncate().open()) {
            assertEquals(0, db.count());
        }
        assertFalse(marked(), "the new file was flushed at creation");
    }

    @Test
    void syncedTransactionsNeedNoMark() {
        try (HashDatabase db = HashDatabase.builder(db()).syncTransactions().open()) {
            db.inTransaction(t -> t.put("a", "1"));
            assertFalse(marked(), "after a commit");
            db.beginTransaction();
            db.put("b", "2");
            assertFalse(marked(), "inside a transaction: its log covers it");
            db.abortTransaction();
            assertFalse(marked(), "after an abort");
            db.put("c", "3");
            assertTrue(marked(), "outside a transaction");
            db.inTransaction(t -> t.put("d", "4"));
            assertFalse(marked(), "the begin flushed what came before");
        }
        assertFalse(marked());
        restart();
        try (HashDatabase r = HashDatabase.builder(db()).readOnly().open()) {
            assertEquals("1", r.get("a"));
            assertEquals("3", r.get("c"));
            assertEquals(3, r.count());
        }
    }

    @Test
    void unsyncedTransactionsMark() {
        try (HashDatabase db = HashDatabase.builder(db()).open()) {
            db.inTransaction(t -> t.put("a", "1"));
            assertTrue(marked(), "a commit without TSYNC does not flush");
        }
    }

    @Test
    void optimizeLeavesNoMarkOfItsTemporaryFile() throws IOException {
        try (HashDatabase db = HashDatabase.builder(db()).open()) {
            for (int i = 0; i < 100; i++) {
                db.put("k" + i, "v" + i);
            }
            db.sync();
            db.optimize();
            assertEquals(100, db.count());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("casket.tch"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aMarkThatCannotBeWrittenFailsTheChangeAndLosesNothing() throws IOException {
        try (HashDatabase db = HashDatabase.builder(db()).open()) {
            db.put("k", "v");
            db.sync();
            Files.createDirectory(UnsyncedMark.pathFor(db()));
            TcException e = assertThrows(TcException.class, () -> db.put("k", "w"));
            assertEquals(TcError.WRITE, e.error());
            assertEquals("v", db.get("k"));
        }
        Files.delete(UnsyncedMark.pathFor(db()));
        try (HashDatabase db = HashDatabase.builder(db()).open()) {
            assertEquals("v", db.get("k"));
            assertEquals(List.of(), db.verify());
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
