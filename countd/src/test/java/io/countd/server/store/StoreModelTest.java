package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.countd.server.rank.RankModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Random logs applied through {@link KeyspaceStore} on real files agree with the model after every
 * apply: listing, random windows and size through a view, and, read back record by record, the
 * counters, the rank tree's invariants and the marks. The store is closed and reopened between
 * logs at random, so both the in-memory snapshot and one read from the file are checked.
 */
class StoreModelTest {
    private static final int KEYS = 700;
    private static final int EXAMPLES = Math.max(10, Integer.getInteger("model.examples", 200) / 5);
    private static final byte[] KS = "model".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private final AtomicInteger runs = new AtomicInteger();

    /** Add {@code increment} to key number {@code key}. */
    record Increment(int key, long increment) {
        @Override
        public String toString() {
            return "k" + key + "+" + increment;
        }
    }

    private static Gen<Long> increments() {
        return integers().between(0, 99).zip(longs().between(-3, 3), (kind, small) -> switch (kind / 8) {
            case 0 -> Long.MAX_VALUE - small - 3;
            case 1 -> Long.MIN_VALUE + small + 3;
            case 2 -> small * (1L << 61);
            default -> small;
        });
    }

    static byte[] key(int i) {
        String k = i % 4 == 0 ? "key-" + i + "-" + "y".repeat(100 + i % 140) : "key-" + i;
        return k.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void logsAgreeWithTheModel() {
        Gen<Increment> inc = integers().between(0, KEYS - 1).zip(increments(), Increment::new);
        qt().withExamples(EXAMPLES)
                .forAll(lists().of(lists().of(inc).ofSizeBetween(0, 600)).ofSizeBetween(1, 6), longs().all())
                .checkAssert(this::run);
    }

    private void run(List<List<Increment>> logs, long seed) {
        Random rnd = new Random(seed);
        Path folder = dir.resolve("run-" + runs.incrementAndGet());
        RankModel model = new RankModel();
        KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE);
        try {
            for (int i = 0; i < logs.size(); i++) {
                Rows.Batch batch = new Rows.Batch();
                for (Increment x : logs.get(i)) {
                    batch.add(key(x.key()), x.increment());
                }
                assertTrue(store.apply(KS, 3, i + 1, batch.deltas));
                batch.applyTo(model);
                check(store, model, rnd);
                if (rnd.nextBoolean()) {
                    store.close();
                    KeyspaceFileInspector.Contents c = KeyspaceFileInspector.inspect(folder.resolve(KeyspaceNames.fileName(KS)));
                    assertEquals(model.all(), c.counters().all());
                    assertEquals(i + 1L, c.marks().get(3));
                    store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE);
                    check(store, model, rnd);
                }
            }
        } finally {
            store.close();
            delete(folder);
        }
    }

    private static void check(KeyspaceStore store, RankModel model, Random rnd) {
        List<RankModel.Row> all = model.all();
        try (KeyspaceView v = store.view(KS)) {
            for (int w = 0; w < 4; w++) {
                int offset = rnd.nextInt(all.size() + 2);
                int length = rnd.nextInt(200);
                assertEquals(all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + length)),
                        Rows.read(v, offset, length), "window " + offset + "+" + length);
            }
            assertEquals(all.size(), v.size());
            assertEquals(all, Rows.all(v));
        }
    }

    private static void delete(Path folder) {
        try (var files = Files.list(folder)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
            Files.delete(folder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
