package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.rank.RankModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Views that must not wait ({@link KeyspaceStore#viewInMemory}): they exist only while the file
 * is open and checked in this process, read only the rank nodes in memory, give the rows a full
 * view gives, and never keep the file from closing.
 */
class InMemoryViewTest {
    private static final byte[] KS = Rows.bytes("clicks");
    private static final int KEYS = 20_000;

    @TempDir
    Path dir;

    private Path folder() {
        return dir.resolve("keyspaces");
    }

    @Test
    void readsOnlyWhatMemoryHoldsAndAgreesWithAFullView() {
        manyCountersInAClosedStore();
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_ONLY)) {
            assertNull(store.viewInMemory(KS), "the file is not open in this process");
            List<RankModel.Row> top;
            try (KeyspaceView v = store.view(KS)) {
                top = Rows.read(v, 0, 100);
            }
            try (KeyspaceView v = store.viewInMemory(KS)) {
                assertNotNull(v, "the full view left the file open and checked");
                assertEquals(KEYS, v.size());
                assertEquals(top, Rows.read(v, 0, 100));
                assertEquals(-1, v.rows(KEYS - 100, 100, (rank, count, key, keyLength) -> { }),
                        "the last leaves were never loaded");
            }
            List<RankModel.Row> bottom;
            try (KeyspaceView v = store.view(KS)) {
                bottom = Rows.read(v, KEYS - 100, 100);
            }
            try (KeyspaceView v = store.viewInMemory(KS)) {
                assertNotNull(v);
                assertEquals(bottom, Rows.read(v, KEYS - 100, 100), "loaded by the full view, now in memory");
            }
        }
    }

    @Test
    void seesEachApplyOfThisProcessAtOnce() {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            store.apply(KS, 0, 1, new Rows.Batch().add("a", 1).add("b", 2).deltas);
            store.apply(KS, 0, 2, new Rows.Batch().add("a", 5).deltas);
            try (KeyspaceView v = store.viewInMemory(KS)) {
                assertNotNull(v, "the apply's writer handle lingers, its tree in memory");
                assertEquals(List.of(new RankModel.Row(6, Rows.bytes("a")), new RankModel.Row(2, Rows.bytes("b"))),
                        Rows.all(v));
            }
        }
    }

    @Test
    void aKeyspaceWithoutAFileHasNoViewInMemory() {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            try (KeyspaceView v = store.view(Rows.bytes("nothing"))) {
                assertSame(SnapshotView.EMPTY, v);
            }
            assertNull(store.viewInMemory(Rows.bytes("nothing")), "whether it exists takes a look at the folder");
            assertThrows(IllegalArgumentException.class, () -> store.viewInMemory(new byte[0]));
        }
    }

    /** The closer thread closes a handle that only views in memory used, when its while is up. */
    @Test
    void theFileClosesAfterViewsInMemory() {
        manyCountersInAClosedStore();
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_ONLY)) {
            store.view(KS).close();
            long until = System.nanoTime() + 2 * KeyspaceFile.LINGER_NANOS;
            int views = 0;
            while (System.nanoTime() < until) {
                KeyspaceView v = store.viewInMemory(KS);
                if (v != null) {
                    views++;
                    v.close();
                }
            }
            assertTrue(views > 0, "views in memory while the handle lingered");
            BehindTheStore.open(folder().resolve(KeyspaceNames.fileName(KS)), false, Duration.ofSeconds(1)).close();
            assertNull(store.viewInMemory(KS), "closed by the closer thread");
        }
    }

    private void manyCountersInAClosedStore() {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            Rows.Batch b = new Rows.Batch();
            for (int k = 0; k < KEYS; k++) {
                b.add("key-" + k, 1 + k % 977);
            }
            store.apply(KS, 0, 1, b.deltas);
        }
    }
}
