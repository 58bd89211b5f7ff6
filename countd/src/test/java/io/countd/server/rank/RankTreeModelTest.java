package io.countd.server.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Random batches of count changes applied to the tree (one by one, or as an apply does, through
 * {@link RankMoves}) and to {@link RankModel} agree after every batch: the full listing, random windows, size and ranks; the stored tree passes
 * {@link TreeChecker}, holds exactly the reachable nodes, and every older version of the tree in
 * memory still reads as it did, although storage now holds newer nodes.
 */
class RankTreeModelTest {
    private static final int KEYS = 900;
    private static final int EXAMPLES = Integer.getInteger("model.examples", 200);

    /** Set the count of key number {@code key} to {@code count} (0 removes it). */
    record Change(int key, long count) {
        @Override
        public String toString() {
            return "k" + key + "=" + count;
        }
    }

    /** One version of the tree and what it must hold. */
    record Version(RankTree tree, RankModel model) {
    }

    private static Gen<Long> counts() {
        return integers().between(0, 99).zip(longs().between(0, 5), (kind, small) -> switch (kind / 10) {
            case 0 -> Long.MAX_VALUE - small;
            case 1 -> Long.MIN_VALUE + small;
            case 2 -> 0L;
            default -> small - 2;
        });
    }

    private static Gen<List<List<Change>>> runs() {
        Gen<Change> change = integers().between(0, KEYS - 1).zip(counts(), Change::new);
        return lists().of(lists().of(change).ofSizeBetween(0, 350)).ofSizeBetween(1, 10);
    }

    /**
     * Two keys in three long, so that nodes fill by bytes as well as by count and a few hundred
     * entries already make a tree of three levels.
     */
    static byte[] key(int i) {
        String base = "key-" + i;
        if (i % 3 != 0) {
            base = base + "-" + "x".repeat(140 + (i * 7) % 100);
        }
        return base.getBytes(StandardCharsets.US_ASCII);
    }

    /** The tallest tree any example built: the runs must reach three levels to exercise branches under branches. */
    private int tallest;

    @Test
    void batchesAgreeWithTheModel() {
        qt().withExamples(EXAMPLES).forAll(runs(), longs().all()).checkAssert(this::run);
        assertTrue(tallest >= 3, "no example grew a tree of 3 levels; tallest " + tallest);
    }

    private void run(List<List<Change>> batches, long seed) {
        Random rnd = new Random(seed);
        MemoryNodes store = new MemoryNodes();
        RankModel model = new RankModel();
        RankTree tree = RankTree.empty();
        List<Version> epoch = new ArrayList<>();
        for (int b = 0; b < batches.size(); b++) {
            if (rnd.nextBoolean()) {
                // As after a reopen: a tree read from storage, sharing nothing with earlier versions.
                tree = RankTree.of(tree.rootId(), tree.height(), tree.size(), tree.nextId());
                epoch.clear();
            }
            epoch.add(new Version(tree, model.copy()));
            readWindow(tree, store, model, rnd);

            TreeBatch batch = tree.batch(store);
            if (rnd.nextBoolean()) {
                // As an apply does: each key's net move, handed over in the order of counts.
                Map<Integer, Long> last = new LinkedHashMap<>();
                for (Change c : batches.get(b)) {
                    last.put(c.key(), c.count());
                }
                RankMoves moves = new RankMoves(last.size());
                last.forEach((key, count) -> {
                    byte[] k = key(key);
                    if (model.count(k) != count) {
                        moves.move(model.count(k), count, k);
                        model.set(k, count);
                    }
                });
                moves.applyTo(batch);
            } else {
                for (Change c : batches.get(b)) {
                    byte[] k = key(c.key());
                    long old = model.count(k);
                    if (old == c.count()) {
                        continue;
                    }
                    if (old != 0) {
                        batch.remove(old, k);
                    }
                    if (c.count() != 0) {
                        batch.insert(c.count(), k);
                    }
                    model.set(k, c.count());
                }
            }
            TreeChanges changes = batch.finish();
            changes.writeTo(store);
            tree = changes.tree();
            tallest = Math.max(tallest, tree.height());

            Set<Long> reachable = TreeChecker.check(tree, store);
            assertEquals(reachable, store.ids(), "storage must hold exactly the reachable nodes");
            for (long id : changes.freedIds()) {
                assertFalse(reachable.contains(id), "freed node " + id + " is still referenced");
            }
            for (long id : changes.writtenIds()) {
                assertTrue(reachable.contains(id), "written node " + id + " is not in the tree");
            }
            assertEquals(changes.writtenIds().length, new HashSet<>(asList(changes.writtenIds())).size(),
                    "a node written twice in one batch");
            assertAgrees(tree, store, model, rnd);
            assertAgrees(RankTree.of(tree.rootId(), tree.height(), tree.size(), tree.nextId()), store, model, rnd);

            Version old = epoch.get(rnd.nextInt(epoch.size()));
            readWindow(old.tree(), store, old.model(), rnd);
        }
        for (Version v : epoch) {
            assertEquals(v.model().all(), listing(v.tree(), store, 0, Integer.MAX_VALUE), "an older version changed");
        }
    }

    @Test
    void aLargeTreeGrowsAndShrinksToNothing() {
        MemoryNodes store = new MemoryNodes();
        RankModel model = new RankModel();
        RankTree tree = RankTree.empty();
        Random rnd = new Random(5);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 24_000; i++) {
            order.add(i);
        }
        int maxHeight = 0;
        for (int phase = 0; phase < 2; phase++) {
            java.util.Collections.shuffle(order, rnd);
            for (int from = 0; from < order.size(); from += 6_000) {
                TreeBatch batch = tree.batch(store);
                for (int i : order.subList(from, from + 6_000)) {
                    byte[] k = ("k" + i).getBytes(StandardCharsets.US_ASCII);
                    long count = i % 97 - 40 == 0 ? 1 : i % 97 - 40;
                    if (phase == 0) {
                        batch.insert(count, k);
                        model.set(k, count);
                    } else {
                        batch.remove(count, k);
                        model.set(k, 0);
                    }
                }
                TreeChanges changes = batch.finish();
                changes.writeTo(store);
                tree = changes.tree();
                maxHeight = Math.max(maxHeight, tree.height());
                assertEquals(TreeChecker.check(tree, store), store.ids());
                assertAgrees(tree, store, model, rnd);
            }
        }
        assertTrue(maxHeight >= 3, "the tree should have grown to 3 levels, reached " + maxHeight);
        assertEquals(0, tree.size());
        assertEquals(0, tree.rootId());
        assertTrue(store.ids().isEmpty(), "nodes left behind: " + store.ids().size());
        assertEquals(0, tree.rows(0, 10, store, (r, c, k) -> {
            throw new AssertionError("row in an empty tree");
        }));
    }

    @Test
    void inconsistentUpdatesAreRefused() {
        MemoryNodes store = new MemoryNodes();
        TreeBatch first = RankTree.empty().batch(store);
        first.insert(5, key(1));
        TreeChanges changes = first.finish();
        changes.writeTo(store);
        TreeBatch duplicate = changes.tree().batch(store);
        org.junit.jupiter.api.Assertions.assertThrows(CorruptIndexException.class, () -> duplicate.insert(5, key(1)));
        TreeBatch missing = changes.tree().batch(store);
        org.junit.jupiter.api.Assertions.assertThrows(CorruptIndexException.class, () -> missing.remove(4, key(1)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, missing::finish);
        assertEquals(List.of(new RankModel.Row(5, key(1))), listing(changes.tree(), store, 0, 10));
    }

    private static void readWindow(RankTree tree, NodeStore store, RankModel model, Random rnd) {
        readWindow(tree, store, model.all(), rnd);
    }

    private static void readWindow(RankTree tree, NodeStore store, List<RankModel.Row> all, Random rnd) {
        int offset = rnd.nextInt(all.size() + 3);
        int length = rnd.nextInt(300);
        List<RankModel.Row> expected = all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + length));
        assertEquals(expected, listing(tree, store, offset, length), "window " + offset + "+" + length);
    }

    private static void assertAgrees(RankTree tree, NodeStore store, RankModel model, Random rnd) {
        List<RankModel.Row> all = model.all();
        assertEquals(all.size(), tree.size());
        assertEquals(all, listing(tree, store, 0, Integer.MAX_VALUE));
        for (int i = 0; i < 5; i++) {
            readWindow(tree, store, all, rnd);
        }
        for (int i = 0; i < 10 && !all.isEmpty(); i++) {
            RankModel.Row r = all.get(rnd.nextInt(all.size()));
            assertEquals(model.rankOf(r.count(), r.key()), tree.rankOf(r.count(), r.key(), store));
            long other = r.count() == Long.MAX_VALUE ? r.count() - 1 : r.count() + 1;
            assertEquals(model.rankOf(other, r.key()), tree.rankOf(other, r.key(), store));
        }
    }

    static List<RankModel.Row> listing(RankTree tree, NodeStore store, long offset, int length) {
        List<RankModel.Row> rows = new ArrayList<>();
        long[] expectRank = {offset};
        int n = tree.rows(offset, length, store, (rank, count, key) -> {
            assertEquals(expectRank[0]++, rank);
            rows.add(new RankModel.Row(count, Arrays.copyOf(key, key.length)));
        });
        assertEquals(rows.size(), n);
        return rows;
    }

    private static List<Long> asList(long[] ids) {
        List<Long> list = new ArrayList<>();
        for (long id : ids) {
            list.add(id);
        }
        return list;
    }
}
