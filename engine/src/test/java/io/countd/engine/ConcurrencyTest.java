package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One handle shared by a writer and several readers: point reads, iterators and forEach see only
 * whole records (never a torn or foreign value) while the writer overwrites, grows, removes and
 * defragments; nothing fails; the final file holds exactly the writer's last state. Writes from
 * inside forEach and a stream are allowed alike, and rebuilding the file ends iterators.
 */
class ConcurrencyTest {
    private static final int KEYS = 400;

    @TempDir
    Path dir;

    /** A value that names its key and version, padded so sizes vary and records move. */
    private static String value(int key, int version) {
        return "k" + key + ":v" + version + ":" + "#".repeat((key * 7 + version * 13) % 300);
    }

    private static void assertWellFormed(String key, String value) {
        assertTrue(value.startsWith(key + ":v"), () -> "value of " + key + " is " + value);
        int colon = value.indexOf(':', key.length() + 2);
        int version = Integer.parseInt(value.substring(key.length() + 2, colon));
        String expected = value(Integer.parseInt(key.substring(1)), version);
        assertTrue(value.equals(expected) || value.startsWith(expected), () -> "torn value of " + key + ": " + value);
    }

    /**
     * Also with the bucket array alone mapped and windows of four pages (format-spec/tchdb.md
     * section 15.4): the iterating readers walk the file in order through read windows of their
     * own while the writer appends through its tail window and defragmentation cuts the file.
     */
    @ParameterizedTest(name = "windows {0}")
    @ValueSource(booleans = {false, true})
    void readersSeeWholeRecordsWhileAWriterChangesTheFile(boolean smallWindows) throws Exception {
        Path file = dir.resolve("casket");
        Map<Integer, String> model = new HashMap<>();
        HashDatabase.Builder builder = HashDatabase.builder(file);
        if (smallWindows) {
            builder.mappedSize(0).tailWindow(4 * 4096);
        }
        try (HashDatabase db = builder.truncate().buckets(101).alignmentPower(3).open()) {
            for (int k = 0; k < KEYS; k++) {
                db.put("k" + k, value(k, 0));
                model.put(k, value(k, 0));
            }
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                int id = r;
                readers.add(pool.submit(() -> {
                    start.await();
                    Random rnd = new Random(id);
                    long seen = 0;
                    while (writing.get()) {
                        if (id == 0) {
                            for (Iterator<Entry> it = db.iterator(); it.hasNext(); seen++) {
                                Entry e = it.next();
                                assertWellFormed(e.keyString(), e.valueString());
                            }
                        } else if (id == 1) {
                            db.forEach((k, v) -> assertWellFormed(new String(k), new String(v)));
                            seen++;
                        } else {
                            int k = rnd.nextInt(KEYS);
                            String v = db.get("k" + k);
                            if (v != null) {
                                assertWellFormed("k" + k, v);
                            }
                            seen++;
                        }
                    }
                    return seen;
                }));
            }
            Future<?> writer = pool.submit(() -> {
                start.await();
                Random rnd = new Random(99);
                for (int i = 1; i <= 30000; i++) {
                    int k = rnd.nextInt(KEYS);
                    int op = rnd.nextInt(10);
                    if (op < 5) {
                        db.put("k" + k, value(k, i));
                        model.put(k, value(k, i));
                    } else if (op < 7 && model.containsKey(k)) {
                        db.append("k" + k, "+");
                        model.put(k, model.get(k) + "+");
                    } else if (op < 9) {
                        db.remove("k" + k);
                        model.remove(k);
                    } else {
                        db.defragment(1 + rnd.nextInt(20));
                    }
                }
                writing.set(false);
                return null;
            });
            start.countDown();
            writer.get(120, TimeUnit.SECONDS);
            long total = 0;
            for (Future<Long> f : readers) {
                total += f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertTrue(total > 0);
            assertEquals(model.size(), db.count());
        }
        try (HashDatabase db = HashDatabase.openReadOnly(file)) {
            assertEquals(model.size(), db.count());
            for (Map.Entry<Integer, String> e : model.entrySet()) {
                assertEquals(e.getValue(), db.get("k" + e.getKey()));
            }
        }
    }

    @Test
    void writesFromInsideForEachAndAStreamFollowOneRule() {
        try (HashDatabase db = HashDatabase.builder(dir.resolve("casket")).truncate().open()) {
            db.put("a", "1");
            db.forEach((k, v) -> db.put("b", "2"));
            assertEquals("2", db.get("b"));
            db.stream().forEach(e -> db.put(e.keyString(), "3"));
            assertEquals("3", db.get("a"));
            assertEquals("3", db.get("b"));
            assertEquals(2, db.count());
        }
    }

    @Test
    void iteratorsEndWhenTheFileIsRebuilt() {
        try (HashDatabase db = HashDatabase.builder(dir.resolve("casket")).truncate().open()) {
            for (int i = 0; i < 10; i++) {
                db.put("k" + i, "v");
            }
            Iterator<Entry> it = db.iterator();
            it.next();
            db.optimize();
            assertThrows(ConcurrentModificationException.class, it::next);
            Iterator<Entry> fresh = db.iterator();
            int n = 0;
            while (fresh.hasNext()) {
                fresh.next();
                n++;
            }
            assertEquals(10, n);
        }
    }
}
