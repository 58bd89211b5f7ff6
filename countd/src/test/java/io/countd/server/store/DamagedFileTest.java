package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcError;
import io.countd.engine.TcException;
import io.countd.server.rank.Branch;
import io.countd.server.rank.NodeCodec;
import io.countd.server.rank.RankModel;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A damaged, foreign or misplaced keyspace file gives {@link KeyspaceException} from apply and from
 * view, never another exception, and leaves the other keyspaces of the same store working. The
 * store never keeps the bad file open after the failure.
 */
class DamagedFileTest {
    /** How long a store may keep a file it no longer uses. */
    private static final Duration RELEASE = Duration.ofSeconds(10);

    private static final byte[] GOOD = Rows.bytes("good");
    private static final byte[] BAD = Rows.bytes("bad");

    @TempDir
    Path dir;

    enum Damage {
        GARBAGE_HEADER, TRUNCATED_HALF, TRUNCATED_TO_100_BYTES, EMPTY_WITHOUT_TC_HEADER_BUT_ONE_BYTE, FOREIGN_TC_FILE,
        BAD_META, MISSING_NAME, OTHER_KEYSPACES_FILE, BAD_ROOT_NODE, MISSING_ROOT_NODE, BAD_COUNTER
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void damageGivesKeyspaceException(Damage damage) throws IOException {
        Path folder = dir.resolve("keyspaces");
        Path bad = folder.resolve(KeyspaceNames.fileName(BAD));
        RankModel good = new RankModel();
        RankModel badModel = new RankModel();
        try (KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE)) {
            fill(store, GOOD, 1, good);
            fill(store, BAD, 1, badModel);
        }
        // Damaged behind the store's back, as a crash of the disk or another program would; a store
        // that had the file cached and unchanged (same meta) would not look again.
        damage(damage, bad, folder.resolve(KeyspaceNames.fileName(GOOD)));
        try (KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE)) {
            Deltas d = new Rows.Batch().add("key-1", 1).add("new", 1).deltas;
            assertThrows(KeyspaceException.class, () -> store.apply(BAD, 0, 2, d), "apply");
            if (damage == Damage.BAD_COUNTER) {
                try (KeyspaceView v = store.view(BAD)) {
                    assertEquals(badModel.all(), Rows.all(v), "a view reads the rank tree, not the counters");
                }
            } else {
                assertThrows(KeyspaceException.class, () -> {
                    try (KeyspaceView v = store.view(BAD)) {
                        Rows.all(v);
                    }
                }, "view");
            }
            assertThrows(KeyspaceException.class, () -> store.apply(BAD, 0, 2, d), "apply again");
            try (HashDatabase direct = HashDatabase.openReadOnly(bad)) {
                assertTrue(direct.count() >= 0, "the store must not keep a failed file open");
            } catch (TcException expectedForUnreadableFiles) {
                assertTrue(expectedForUnreadableFiles.error() != TcError.THREAD,
                        "the store kept the file open: " + expectedForUnreadableFiles);
            }

            fill(store, GOOD, 2, good);
            try (KeyspaceView v = store.view(GOOD)) {
                assertEquals(good.all(), Rows.all(v));
            }
            List<String> listed = store.keyspaces().stream().map(String::new).toList();
            assertTrue(listed.contains("good"), "listed " + listed);
        }
    }

    @Test
    void randomlyCorruptedFilesFailCleanly() throws IOException {
        Path folder = dir.resolve("keyspaces");
        Path bad = folder.resolve(KeyspaceNames.fileName(BAD));
        Path pristine = dir.resolve("pristine");
        try (KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE)) {
            fill(store, BAD, 1, new RankModel());
        }
        Files.copy(bad, pristine);
        Random rnd = new Random(21);
        int failures = 0;
        for (int round = 0; round < 60; round++) {
            Files.copy(pristine, bad, StandardCopyOption.REPLACE_EXISTING);
            try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
                long body = 256 + 131071L * 4;
                for (int i = 0; i < 1 + rnd.nextInt(20); i++) {
                    long at = round % 3 == 0 ? rnd.nextInt(256) : body + (long) (rnd.nextDouble() * (f.length() - body));
                    f.seek(at);
                    f.write(rnd.nextInt(256));
                }
            }
            try (KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE)) {
                try (KeyspaceView v = store.view(BAD)) {
                    Rows.all(v);
                }
                store.apply(BAD, 0, 2 + round, new Rows.Batch().add("key-" + rnd.nextInt(3000), 5).deltas);
            } catch (KeyspaceException expected) {
                failures++;
            }
        }
        assertTrue(failures > 0, "no corruption was detected in 60 rounds");
        System.out.println("random corruption: " + failures + " of 60 damaged files refused, the rest read and applied");
    }

    @Test
    void aFailureInsideTheTransactionChangesNothing() {
        Path folder = dir.resolve("keyspaces");
        Path file = folder.resolve(KeyspaceNames.fileName(BAD));
        RankModel model = new RankModel();
        try (KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE)) {
            fill(store, BAD, 1, model);
            // Behind the store's back, with the meta unchanged, so the store keeps trusting its
            // cached tree: a leaf the next apply will free is gone from the file.
            long leaf;
            byte[] leafRecord;
            try (HashDatabase db = BehindTheStore.open(file, true, RELEASE)) {
                KeyspaceMeta meta = KeyspaceMeta.decode(db.get(KeyspaceRecords.META));
                Branch root = (Branch) NodeCodec.decode(db.get(KeyspaceRecords.nodeKey(meta.root())));
                leaf = root.childId(0);
                leafRecord = db.get(KeyspaceRecords.nodeKey(leaf));
                db.remove(KeyspaceRecords.nodeKey(leaf));
            }
            Rows.Batch clearAll = new Rows.Batch();
            for (RankModel.Row r : model.all()) {
                clearAll.add(r.key(), -r.count());
            }
            KeyspaceException e = assertThrows(KeyspaceException.class, () -> store.apply(BAD, 0, 2, clearAll.deltas));
            assertTrue(e.getMessage().contains("node " + leaf), e.getMessage());
            try (KeyspaceView v = store.view(BAD)) {
                assertEquals(model.all(), Rows.all(v), "views keep the state before the failed apply");
            }
            try (HashDatabase db = BehindTheStore.open(file, false, RELEASE)) {
                assertEquals(1L, KeyspaceRecords.decodePosition(0, db.get(KeyspaceRecords.markKey(0))), "mark unchanged");
                assertEquals(model.size(), KeyspaceMeta.decode(db.get(KeyspaceRecords.META)).keys());
                for (RankModel.Row r : model.all()) {
                    assertEquals(r.count(), KeyspaceRecords.decodeCount(r.key(), db.get(r.key())), "counter rolled back");
                }
            }
            try (HashDatabase db = BehindTheStore.open(file, true, RELEASE)) {
                db.put(KeyspaceRecords.nodeKey(leaf), leafRecord);
            }
            assertTrue(store.apply(BAD, 0, 2, clearAll.deltas), "the same log applies once the file is repaired");
            try (KeyspaceView v = store.view(BAD)) {
                assertEquals(0, v.size());
            }
        }
        KeyspaceFileInspector.Contents c = KeyspaceFileInspector.inspect(file);
        assertEquals(0, c.counters().size());
        assertEquals(2L, c.marks().get(0));
    }

    /** Applies a log of 3,000 keys (enough for a tree of several nodes) and records it in the model. */
    private static void fill(KeyspaceStore store, byte[] keyspace, long position, RankModel model) {
        Rows.Batch b = new Rows.Batch();
        for (int i = 0; i < 3000; i++) {
            b.add("key-" + i, (i * 37L) % 101 - 50);
        }
        store.apply(keyspace, 0, position, b.deltas);
        b.applyTo(model);
    }

    private static void damage(Damage damage, Path bad, Path good) throws IOException {
        switch (damage) {
            case GARBAGE_HEADER -> {
                try (RandomAccessFile f = new RandomAccessFile(bad.toFile(), "rw")) {
                    byte[] junk = new byte[256];
                    new Random(1).nextBytes(junk);
                    f.write(junk);
                }
            }
            case TRUNCATED_HALF -> truncate(bad, Files.size(bad) / 2);
            case TRUNCATED_TO_100_BYTES -> truncate(bad, 100);
            case EMPTY_WITHOUT_TC_HEADER_BUT_ONE_BYTE -> truncate(bad, 1);
            case FOREIGN_TC_FILE -> {
                Files.delete(bad);
                try (HashDatabase db = HashDatabase.open(bad)) {
                    db.put("someone", "else's data");
                }
            }
            case OTHER_KEYSPACES_FILE -> Files.copy(good, bad, StandardCopyOption.REPLACE_EXISTING);
            default -> {
                try (HashDatabase db = HashDatabase.open(bad)) {
                    KeyspaceMeta meta = KeyspaceMeta.decode(db.get(KeyspaceRecords.META));
                    switch (damage) {
                        case BAD_META -> db.put(KeyspaceRecords.META, new byte[56]);
                        case MISSING_NAME -> db.remove(KeyspaceRecords.NAME);
                        case BAD_ROOT_NODE -> db.put(KeyspaceRecords.nodeKey(meta.root()), new byte[] {1, 2, 3});
                        case MISSING_ROOT_NODE -> db.remove(KeyspaceRecords.nodeKey(meta.root()));
                        case BAD_COUNTER -> db.put(Rows.bytes("key-1"), new byte[] {1, 2, 3});
                        default -> throw new AssertionError(damage);
                    }
                }
            }
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }
}
