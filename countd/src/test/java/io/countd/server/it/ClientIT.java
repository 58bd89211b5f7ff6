package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.client.ConnectionLostException;
import io.countd.client.CountdClient;
import io.countd.client.CountdException;
import io.countd.client.Row;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of the Java client against a real {@code countd serve}: 100,000 increments from 4
 * threads through one client all complete and count exactly; a server killed with SIGKILL in the
 * middle of a stream fails the increments in flight with {@link ConnectionLostException}, and
 * after a restart the count lies between the acknowledged increments and those plus the ones
 * whose outcome was unknown (at most once).
 */
class ClientIT {
    @TempDir
    Path dir;

    private CountdProcess serve() throws Exception {
        return CountdProcess.start(dir.resolve("logs-of-test"), "Countd", "serve", "--data", dir.resolve("data").toString(),
                "--write", "127.0.0.1:0", "--read", "127.0.0.1:0");
    }

    private static CountdClient client(CountdProcess serve) {
        return CountdClient.builder().write(serve.address(0)).read(serve.address(1)).build();
    }

    /** Every row of a keyspace, as key to count. */
    private static Map<String, Long> all(CountdClient client, String keyspace) {
        Map<String, Long> out = new HashMap<>();
        for (long offset = 0; ; offset += 10_000) {
            List<Row> page = client.top(keyspace, offset, 10_000);
            for (Row r : page) {
                out.put(r.keyString(), r.count());
            }
            if (page.size() < 10_000) {
                return out;
            }
        }
    }

    @Test
    void aHundredThousandIncrementsFromFourThreadsAllCompleteAndCountExactly() throws Exception {
        Map<String, Map<String, Long>> expected = new HashMap<>();
        for (int t = 0; t < 4; t++) {
            for (int i = 0; i < 25_000; i++) {
                expected.computeIfAbsent("client-" + (i % 2), k -> new HashMap<>())
                        .merge("key-" + (i % 1000), (long) (t * 3 + i % 7 - 2), Long::sum);
            }
        }
        expected.values().forEach(m -> m.values().removeIf(v -> v == 0));
        try (CountdProcess serve = serve(); CountdClient client = client(serve)) {
            List<List<CompletableFuture<Void>>> perThread = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                List<CompletableFuture<Void>> mine = new ArrayList<>(25_000);
                perThread.add(mine);
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 25_000; i++) {
                        mine.add(client.increment("client-" + (i % 2), "key-" + (i % 1000), thread * 3 + i % 7 - 2));
                    }
                }, "incrementer-" + t));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            int completed = 0;
            for (List<CompletableFuture<Void>> mine : perThread) {
                for (CompletableFuture<Void> f : mine) {
                    f.join();
                    completed++;
                }
            }
            assertEquals(100_000, completed);
            for (String ks : expected.keySet()) {
                Map<String, Long> got = all(client, ks);
                while (!got.equals(expected.get(ks))) {
                    CountdProcess.sleep(100);
                    got = all(client, ks);
                }
                List<Row> top = client.top(ks, 0, 5);
                for (int i = 1; i < top.size(); i++) {
                    assertTrue(top.get(i - 1).count() >= top.get(i).count(), top::toString);
                    assertEquals(i, top.get(i).rank());
                }
            }
            assertEquals(0, serve.terminate());
        }
    }

    @Test
    void aServerKilledMidStreamFailsThePendingIncrementsWithConnectionLost() throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        AtomicLong acknowledged = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (CountdProcess serve = serve(); CountdClient client = client(serve)) {
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 5_000_000 && !stop.get(); i++) {
                    CompletableFuture<Void> f = client.increment("killed", "k", 1);
                    f.thenRun(acknowledged::incrementAndGet);
                    futures.add(f);
                }
            }, "producer");
            producer.start();
            while (acknowledged.get() < 20_000 && producer.isAlive()) {
                CountdProcess.sleep(5);
            }
            serve.kill();
            stop.set(true);
            producer.join();
        }
        long acked = 0;
        long lost = 0;
        long notSent = 0;
        for (CompletableFuture<Void> f : futures) {
            try {
                f.join();
                acked++;
            } catch (CompletionException e) {
                if (e.getCause() instanceof ConnectionLostException) {
                    lost++;
                } else {
                    assertEquals(CountdException.class, e.getCause().getClass(), e.getCause()::toString);
                    notSent++;
                }
            }
        }
        assertEquals(futures.size(), acked + lost + notSent, "every increment completed one way or the other");
        assertTrue(acked >= 20_000, "acknowledged " + acked);
        assertTrue(lost > 0, "the increments in flight when the server died fail as lost (" + acked + " acked, "
                + notSent + " not sent)");

        try (CountdProcess again = serve(); CountdClient client = client(again)) {
            long count = 0;
            for (int attempt = 0; attempt < 300 && count < acked; attempt++) {
                List<Row> rows = client.top("killed", 0, 1);
                count = rows.isEmpty() ? 0 : rows.get(0).count();
                if (count < acked) {
                    CountdProcess.sleep(100);
                }
            }
            assertTrue(count >= acked && count <= acked + lost, "at most once: counted " + count + ", acknowledged "
                    + acked + ", unknown " + lost);
            assertEquals(0, again.terminate());
        }
    }
}
