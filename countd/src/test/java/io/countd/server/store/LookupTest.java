package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.rank.RankModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Point lookups (count and rank of one key) and listings with sizes, on real files. */
class LookupTest {
    private static final byte[] KS = Rows.bytes("scores");

    @TempDir
    Path dir;

    private Path folder() {
        return dir.resolve("keyspaces");
    }

    @Test
    void everyKeyHasTheCountAndRankOfTheModel() {
        Random random = new Random(7);
        RankModel model = new RankModel();
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            for (int log = 1; log <= 6; log++) {
                Rows.Batch b = new Rows.Batch();
                for (int i = 0; i < 400; i++) {
                    // Few distinct counts: many ties, so ranks among equal counts go by key.
                    b.add("k" + random.nextInt(1500), random.nextInt(7) - 2);
                }
                b.applyTo(model);
                store.apply(KS, 0, log, b.deltas);
            }
            assertTrue(model.size() > 500, "a tree of several levels: " + model.size());
            for (RankModel.Row r : model.all()) {
                assertEquals(new KeyRank(r.count(), model.rankOf(r.count(), r.key())), store.lookup(KS, r.key()));
            }
            for (int i = 0; i < 1500; i++) {
                byte[] key = Rows.bytes("k" + i);
                if (model.count(key) == 0) {
                    assertNull(store.lookup(KS, key), "absent key k" + i);
                }
            }
            assertNull(store.lookup(Rows.bytes("no such keyspace"), Rows.bytes("k1")));
        }
        try (KeyspaceStore readOnly = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_ONLY)) {
            RankModel.Row last = model.all().get((int) model.size() - 1);
            assertEquals(new KeyRank(last.count(), model.size() - 1), readOnly.lookup(KS, last.key()));
        }
    }

    @Test
    void badKeysAreRefused() {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            assertThrows(IllegalArgumentException.class, () -> store.lookup(KS, new byte[0]));
            assertThrows(IllegalArgumentException.class, () -> store.lookup(KS, new byte[257]));
            assertThrows(IllegalArgumentException.class, () -> store.lookup(KS, new byte[] {'a', 0}));
            assertThrows(IllegalArgumentException.class, () -> store.lookup(new byte[0], Rows.bytes("a")));
        }
    }

    /**
     * Applies that keep an invariant between a key's count and its rank (after apply i, "a" has
     * count i and rank 1 when i is even, 0 when odd), looked up while they run: a count from one
     * state with a rank from another breaks it, or finds no entry at all.
     */
    @Test
    void countAndRankComeFromOneStateWhileAppliesRun() throws Exception {
        byte[] a = Rows.bytes("a");
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            store.apply(KS, 0, 1, new Rows.Batch().add("a", 1).deltas);
            AtomicBoolean done = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread applier = new Thread(() -> {
                try {
                    for (int i = 2; i <= 400; i++) {
                        store.apply(KS, 0, i, new Rows.Batch().add("a", 1).add("b", i % 2 == 0 ? 3 : -1).deltas);
                    }
                } catch (Throwable t) {
                    failure.set(t);
                } finally {
                    done.set(true);
                }
            });
            applier.start();
            int lookups = 0;
            long last = 0;
            while (!done.get()) {
                KeyRank r = store.lookup(KS, a);
                assertEquals(r.count() % 2 == 0 ? 1 : 0, r.rank(), "count and rank of one state: " + r);
                assertTrue(r.count() >= last, "states never go back: " + r.count() + " after " + last);
                last = r.count();
                lookups++;
            }
            applier.join();
            assertNull(failure.get());
            assertEquals(new KeyRank(400, 1), store.lookup(KS, a));
            assertTrue(lookups > 0);
        }
    }

    @Test
    void listingGivesEveryKeyspaceWithItsSize() {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            Map<String, Long> expected = new HashMap<>();
            List<byte[]> names = new ArrayList<>(List.of(Rows.bytes(".."), Rows.bytes("a/b"), new byte[] {(byte) 0xff, 1}));
            for (int i = 0; i < names.size(); i++) {
                Rows.Batch b = new Rows.Batch();
                for (int k = 0; k <= i * 10; k++) {
                    b.add("key" + k, k + 1);
                }
                store.apply(names.get(i), 0, 1, b.deltas);
                expected.put(Arrays.toString(names.get(i)), (long) i * 10 + 1);
            }
            store.apply(Rows.bytes("emptied"), 0, 1, new Rows.Batch().add("x", 1).deltas);
            store.apply(Rows.bytes("emptied"), 0, 2, new Rows.Batch().add("x", -1).deltas);
            expected.put(Arrays.toString(Rows.bytes("emptied")), 0L);
            Map<String, Long> listed = new HashMap<>();
            for (KeyspaceSize k : store.list()) {
                listed.put(Arrays.toString(k.name()), k.keys());
            }
            assertEquals(expected, listed);
        }
    }
}
