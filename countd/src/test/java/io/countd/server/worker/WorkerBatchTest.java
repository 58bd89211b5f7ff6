package io.countd.server.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.log.CommitLogPool;
import io.countd.server.log.LogSink;
import io.countd.server.log.PendingLog;
import io.countd.server.log.PoolConfig;
import io.countd.server.log.RecordBatch;
import io.countd.server.store.KeyRank;
import io.countd.server.store.KeyspaceStore;
import io.countd.server.store.LogMarks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that finds several sealed logs waiting applies them as one batch, each key once, and a
 * keyspace that already holds part of a batch (from a worker that died after applying it) gets
 * only the logs it lacks: counts stay exact either way.
 */
class WorkerBatchTest {
    private static final List<String> KEYSPACES = List.of("x", "y", "z");
    private static final int KEYS = 100;

    @TempDir
    Path dir;

    /** The expected count per keyspace and key, added to as logs are written. */
    private final Map<String, Long> expected = new HashMap<>();
    private final Random random = new Random(7);

    @Test
    void aWorkerBehindAppliesTheWaitingLogsAsOneBatch() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir.resolve("logs"), config());
                KeyspaceStore store = KeyspaceStore.open(dir.resolve("keyspaces"), KeyspaceStore.Access.READ_WRITE)) {
            writeLogs(pool, 5);
            WorkerStats stats = drain(pool, store, 5, 1);
            assertExact(store);
            assertEquals(KEYSPACES.size() * KEYS, stats.keys(),
                    "five logs of the same keys applied as one batch change each key once");
        }
    }

    @Test
    void theKeyspacesOfABatchAreAppliedInParallelAndExactly() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir.resolve("logs"), config());
                KeyspaceStore store = KeyspaceStore.open(dir.resolve("keyspaces"), KeyspaceStore.Access.READ_WRITE)) {
            writeLogs(pool, 4);
            WorkerStats stats = drain(pool, store, 4, 2);
            assertExact(store);
            assertEquals(KEYSPACES.size() * KEYS, stats.keys(), "one batch, each key once");
            List<Thread> helpers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("worker-apply")).toList();
            for (Thread h : helpers) {
                h.join(5000);
                assertFalse(h.isAlive(), "the helper threads end with the worker");
            }
        }
    }

    @Test
    void aKeyspaceHoldingPartOfTheBatchGetsOnlyTheLogsItLacks() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir.resolve("logs"), config());
                KeyspaceStore store = KeyspaceStore.open(dir.resolve("keyspaces"), KeyspaceStore.Access.READ_WRITE)) {
            writeLogs(pool, 3);
            // A worker takes the two oldest logs, applies them to x only, and dies: they go back
            // to the pool unapplied.
            PendingLog a = pool.take(1, TimeUnit.SECONDS);
            PendingLog b = pool.take(1, TimeUnit.SECONDS);
            assertNotNull(a);
            assertNotNull(b);
            OneKeyspaceSums x = new OneKeyspaceSums(bytes("x"));
            a.read(x);
            b.read(x);
            LogMarks ab = new LogMarks();
            ab.add(a.stream(), a.position());
            ab.add(b.stream(), b.position());
            assertEquals(0, store.apply(bytes("x"), ab, x.deltas()));
            a.close();
            b.close();

            WorkerStats stats = drain(pool, store, 3, 3);
            assertExact(store);
            assertEquals(0, stats.quarantinedCount());
            assertFalse(Files.exists(dir.resolve("quarantine")), "nothing quarantined");
        }
    }

    private static PoolConfig config() {
        // Logs sealed only when the test ticks; quick polling.
        return new PoolConfig(PoolConfig.MIN_LOG_BYTES, 2, 16, 1, Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofMillis(20));
    }

    /** Writes and seals {@code logs} logs, each with every key of every keyspace once, in random order. */
    private void writeLogs(CommitLogPool pool, int logs) throws Exception {
        try (LogSink sink = pool.openSink()) {
            for (int log = 0; log < logs; log++) {
                RecordBatch batch = new RecordBatch(RecordBatch.MAX_CAPACITY);
                for (String ks : KEYSPACES) {
                    for (int k = 0; k < KEYS; k++) {
                        long n = random.nextInt(2001) - 1000;
                        byte[] name = bytes(ks);
                        byte[] key = bytes("key" + k);
                        assertTrue(batch.add(n, name, 0, name.length, key, 0, key.length));
                        expected.merge(ks + "/key" + k, n, Long::sum);
                    }
                }
                sink.write(batch);
                sink.tick(System.nanoTime() + Duration.ofHours(2).toNanos());
            }
        }
    }

    /** Runs a worker applying {@code applyThreads} keyspaces at once until it has applied {@code logs} logs. */
    private WorkerStats drain(CommitLogPool pool, KeyspaceStore store, int logs, int applyThreads)
            throws InterruptedException {
        WorkerStats stats = new WorkerStats();
        Worker worker = new Worker(pool, store, dir.resolve("quarantine"), stats, applyThreads);
        Thread t = new Thread(worker, "worker");
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stats.logs() < logs && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        worker.stop();
        t.join();
        assertEquals(logs, stats.logs(), "logs applied");
        return stats;
    }

    private void assertExact(KeyspaceStore store) {
        for (Map.Entry<String, Long> e : expected.entrySet()) {
            String[] parts = e.getKey().split("/");
            KeyRank found = store.lookup(bytes(parts[0]), bytes(parts[1]));
            long count = found == null ? 0 : found.count();
            assertEquals(e.getValue().longValue(), count, e.getKey());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
