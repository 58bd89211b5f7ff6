package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcError;
import io.countd.engine.TcException;
import io.countd.server.rank.RankModel;
import io.countd.server.rank.RankModel.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's contract on real files: exactly once, saturation, removal at zero, names, listing, lifecycle. */
class KeyspaceStoreTest {
    private static final byte[] KS = Rows.bytes("clicks");

    @TempDir
    Path dir;

    private Path folder() {
        return dir.resolve("keyspaces");
    }

    @Test
    void appliesSumsAndRanksByCountThenKey() {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            Rows.Batch b = new Rows.Batch().add("b", 3).add("a", 3).add("c", 5).add("b", 2).add("d", -1);
            assertTrue(store.apply(KS, 0, 1, b.deltas));
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(4, v.size());
                assertEquals(List.of(row(5, "b"), row(5, "c"), row(3, "a"), row(-1, "d")), Rows.all(v));
                assertEquals(List.of(row(5, "c"), row(3, "a")), Rows.read(v, 1, 2));
                assertEquals(List.of(), Rows.read(v, 4, 10));
            }
        }
    }

    @Test
    void aLogIsAppliedOncePerStream() {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            Rows.Batch b = new Rows.Batch().add("x", 1);
            assertTrue(store.apply(KS, 7, 10, b.deltas));
            assertFalse(store.apply(KS, 7, 10, b.deltas), "the same position again");
            assertFalse(store.apply(KS, 7, 9, b.deltas), "an earlier position");
            assertFalse(store.apply(KS, 7, 0, b.deltas), "position 0");
            assertTrue(store.apply(KS, 8, 10, b.deltas), "another stream is independent");
            assertTrue(store.apply(KS, 7, 11, b.deltas), "a later position");
            assertTrue(store.apply(KS, -1, 0, b.deltas), "stream numbers are 32-bit patterns");
            assertFalse(store.apply(KS, -1, 0, b.deltas));
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(List.of(row(4, "x")), Rows.all(v));
            }
        }
        KeyspaceFileInspector.Contents c = KeyspaceFileInspector.inspect(file(KS));
        assertEquals(11L, c.marks().get(7));
        assertEquals(10L, c.marks().get(8));
        assertEquals(0L, c.marks().get(-1));
        assertEquals(4, c.meta().version(), "one version per apply that changed the file");
    }

    @Test
    void skippedApplyChangesNothingInTheFile() throws IOException {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            store.apply(KS, 1, 5, new Rows.Batch().add("x", 1).deltas);
            byte[] before = Files.readAllBytes(file(KS));
            assertFalse(store.apply(KS, 1, 5, new Rows.Batch().add("x", 100).add("y", 1).deltas));
            assertArrayEquals(before, Files.readAllBytes(file(KS)));
        }
    }

    @Test
    void countsSaturateAtBothLimits() {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            Rows.Batch first = new Rows.Batch().add("hi", Long.MAX_VALUE).add("hi", Long.MAX_VALUE).add("lo", Long.MIN_VALUE)
                    .add("lo", -5).add("exact", Long.MAX_VALUE).add("exact", Long.MAX_VALUE).add("exact", Long.MIN_VALUE)
                    .add("exact", Long.MIN_VALUE).add("exact", 7);
            store.apply(KS, 0, 1, first.deltas);
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(List.of(row(Long.MAX_VALUE, "hi"), row(5, "exact"), row(Long.MIN_VALUE, "lo")), Rows.all(v));
            }
            store.apply(KS, 0, 2, new Rows.Batch().add("hi", 1).add("lo", -1).deltas);
            store.apply(KS, 0, 3, new Rows.Batch().add("hi", -1).add("lo", 1).deltas);
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(List.of(row(Long.MAX_VALUE - 1, "hi"), row(5, "exact"), row(Long.MIN_VALUE + 1, "lo")),
                        Rows.all(v), "saturated counts move back from the limit");
            }
        }
    }

    @Test
    void aCountOfZeroRemovesTheKey() {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            store.apply(KS, 0, 1, new Rows.Batch().add("a", 2).add("b", 1).add("z", 0).deltas);
            store.apply(KS, 0, 2, new Rows.Batch().add("a", -2).add("b", 0).deltas);
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(List.of(row(1, "b")), Rows.all(v));
            }
            store.apply(KS, 0, 3, new Rows.Batch().add("b", -1).deltas);
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(0, v.size());
                assertEquals(List.of(), Rows.all(v));
            }
        }
        KeyspaceFileInspector.Contents c = KeyspaceFileInspector.inspect(file(KS));
        assertEquals(0, c.counters().size());
        assertEquals(0, c.meta().root());
    }

    @Test
    void namesAreNeverPaths() throws IOException {
        List<byte[]> names = new ArrayList<>();
        for (String s : List.of("../x", "/etc/passwd", "lock-0000000000", "0000000001", ".", "..", "a/b", "..\\x",
                "keyspaces", "~", " ")) {
            names.add(Rows.bytes(s));
        }
        byte[] longest = new byte[256];
        Arrays.fill(longest, (byte) '/');
        names.add(longest);
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (1 + i % 255);
        }
        names.add(binary);
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            for (int i = 0; i < names.size(); i++) {
                store.apply(names.get(i), 0, 1, new Rows.Batch().add("k", i + 1).deltas);
            }
            for (int i = 0; i < names.size(); i++) {
                try (KeyspaceView v = store.view(names.get(i))) {
                    assertEquals(List.of(row(i + 1, "k")), Rows.all(v));
                }
            }
            List<byte[]> listed = new ArrayList<>(store.keyspaces());
            Comparator<byte[]> bytewise = Arrays::compareUnsigned;
            listed.sort(bytewise);
            List<byte[]> expected = new ArrayList<>(names);
            expected.sort(bytewise);
            assertEquals(expected.size(), listed.size());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), listed.get(i));
            }
        }
        try (Stream<Path> everything = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) everything::iterator) {
                assertTrue(p.equals(dir) || p.getParent().equals(dir) && p.equals(folder()) || p.getParent().equals(folder()),
                        "a file outside the keyspaces folder: " + p);
                if (!p.equals(dir) && !p.equals(folder())) {
                    assertTrue(KeyspaceNames.isKeyspaceFileName(p.getFileName().toString()), p.toString());
                }
            }
        }
    }

    @Test
    void viewOfAMissingKeyspaceIsEmptyAndCreatesNothing() throws IOException {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE);
                KeyspaceView v = store.view(KS)) {
            assertEquals(0, v.size());
            assertEquals(0, v.rows(0, 10, (r, c, k, n) -> {
                throw new AssertionError();
            }));
            assertEquals(List.of(), store.keyspaces());
        }
        try (Stream<Path> files = Files.list(folder())) {
            assertEquals(0, files.count());
        }
        try (KeyspaceStore readOnly = KeyspaceStore.open(dir.resolve("absent"), KeyspaceStore.Access.READ_ONLY);
                KeyspaceView v = readOnly.view(KS)) {
            assertEquals(0, v.size());
            assertEquals(List.of(), readOnly.keyspaces());
        }
        assertFalse(Files.exists(dir.resolve("absent")), "a read-only store creates no folder");
    }

    @Test
    void argumentsAndLifecycleAreChecked() {
        KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE);
        Deltas d = new Rows.Batch().add("k", 1).deltas;
        assertThrows(IllegalArgumentException.class, () -> store.apply(new byte[0], 0, 1, d));
        assertThrows(IllegalArgumentException.class, () -> store.apply(new byte[257], 0, 1, d));
        assertThrows(IllegalArgumentException.class, () -> store.apply(new byte[] {'a', 0}, 0, 1, d));
        assertThrows(IllegalArgumentException.class, () -> store.apply(KS, 0, -1, d));
        assertThrows(IllegalArgumentException.class, () -> store.view(new byte[0]));
        store.apply(KS, 0, 1, d);
        KeyspaceView open = store.view(KS);
        assertThrows(IllegalArgumentException.class, () -> open.rows(-1, 1, (r, c, k, n) -> { }));
        store.close();
        assertThrows(IllegalStateException.class, () -> store.apply(KS, 0, 2, d));
        assertThrows(IllegalStateException.class, () -> store.view(KS));
        assertThrows(IllegalStateException.class, store::keyspaces);
        assertThrows(IllegalStateException.class, () -> open.rows(0, 1, (r, c, k, n) -> { }),
                "a view outlives its store only to be closed");
        open.close();
        try (KeyspaceStore readOnly = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_ONLY)) {
            assertThrows(IllegalStateException.class, () -> readOnly.apply(KS, 0, 2, d));
            try (KeyspaceView v = readOnly.view(KS)) {
                assertEquals(List.of(row(1, "k")), Rows.all(v));
            }
        }
    }

    /**
     * A handle lingers after its last view (so a stream of views does not open the file each
     * time), then closes by itself: another process, here the engine's one-handle-per-process
     * rule standing in for it, gets the file within a second.
     */
    @Test
    void aViewsHandleLingersThenClosesByItself() {
        oneCounterInAClosedStore();
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_ONLY)) {
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(List.of(row(1, "k")), Rows.all(v));
            }
            long left = System.nanoTime();
            try {
                HashDatabase.openReadOnly(file(KS)).close();
                // Only a thread that lost its core for the whole while gets here.
                assertTrue(System.nanoTime() - left >= KeyspaceFile.LINGER_NANOS, "the handle did not linger");
                return;
            } catch (TcException held) {
                assertEquals(TcError.THREAD, held.error());
            }
            BehindTheStore.open(file(KS), false, Duration.ofSeconds(1)).close();
        }
    }

    /** An apply right after a view must not take the view's lingering read-only handle for a writer's. */
    @Test
    void anApplyReplacesALingeringReadOnlyHandle() {
        oneCounterInAClosedStore();
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(List.of(row(1, "k")), Rows.all(v));
            }
            assertTrue(store.apply(KS, 0, 2, new Rows.Batch().add("k", 2).deltas));
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(List.of(row(3, "k")), Rows.all(v));
            }
        }
    }

    /**
     * A worker killed while the engine created a keyspace's file leaves zeros there (the engine
     * writes the header last): readers take it for a keyspace not yet created, the next apply
     * creates it.
     */
    @Test
    void aFileWhoseCreationWasCutShortIsAKeyspaceNotYetCreated() throws IOException {
        Files.createDirectories(folder());
        Files.write(file(KS), new byte[600_000]);
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_ONLY)) {
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(0, v.size());
            }
            assertEquals(List.of(), store.keyspaces());
        }
        assertTrue(KeyspaceVerifier.verify(file(KS)).problems().isEmpty());
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            assertTrue(store.apply(KS, 0, 1, new Rows.Batch().add("k", 1).deltas));
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(List.of(row(1, "k")), Rows.all(v));
            }
        }
    }

    /** Keyspace {@link #KS} with k = 1, written by a store that is closed again. */
    private void oneCounterInAClosedStore() {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            store.apply(KS, 0, 1, new Rows.Batch().add("k", 1).deltas);
        }
    }

    private Path file(byte[] name) {
        return folder().resolve(KeyspaceNames.fileName(name));
    }

    private static Row row(long count, String key) {
        return new Row(count, Rows.bytes(key));
    }
}
