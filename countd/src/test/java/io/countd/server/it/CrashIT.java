package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2: crashes. A {@code countd-write} SIGKILLed mid-stream loses no acknowledged
 * increment and applies none twice; a {@code countd-worker} SIGKILLed at random moments of its
 * work, again and again, leaves exact counts.
 */
class CrashIT {
    @TempDir
    Path dir;

    private String data() {
        return dir.resolve("data").toString();
    }

    /**
     * Every message goes to its own key with increment 1, so after recovery a key's count says
     * exactly how often its message was applied: acknowledged ones exactly once, others at most
     * once.
     */
    @Test
    void aKilledWriterLosesNoAcknowledgedIncrementAndDoublesNone() throws Exception {
        int connections = 8;
        int perConnection = 40_000;
        try (CountdProcess worker = CountdProcess.start(dir.resolve("stderr"), "CountdWorker", "--data", data());
                CountdProcess reader = CountdProcess.start(dir.resolve("stderr"), "CountdRead", "--data", data(),
                        "--listen", "127.0.0.1:0")) {
            CountdProcess writer = CountdProcess.start(dir.resolve("stderr"), "CountdWrite", "--data", data(),
                    "--listen", "127.0.0.1:0", "--log-size", "2m");
            InetSocketAddress address = writer.address(0);
            AtomicInteger acked = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(connections);
            List<Future<List<String>>> replies = new ArrayList<>();
            List<List<byte[]>> sent = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                List<byte[]> mine = new ArrayList<>();
                for (int i = 0; i < perConnection; i++) {
                    mine.add(WireClient.message(1, "crash-" + (i % 4), c + "-" + i));
                }
                sent.add(mine);
                replies.add(pool.submit(() -> WireClient.sendAll(address, mine, acked)));
            }
            while (acked.get() < connections * perConnection / 4) {
                CountdProcess.sleep(5);
            }
            writer.kill();
            Map<String, Integer> wanted = new HashMap<>();
            int ackedTotal = 0;
            for (int c = 0; c < connections; c++) {
                List<String> got = replies.get(c).get();
                for (int i = 0; i < perConnection; i++) {
                    String key = c + "-" + i;
                    if (i < got.size()) {
                        assertEquals("WIN", got.get(i));
                        wanted.put("crash-" + (i % 4) + "/" + key, 1);
                        ackedTotal++;
                    } else {
                        wanted.put("crash-" + (i % 4) + "/" + key, null);
                    }
                }
            }
            pool.shutdown();
            assertTrue(ackedTotal < connections * perConnection, "the kill landed mid-stream");

            // A restarted writer takes a sentinel; the single worker applies logs oldest first, so
            // once the sentinel is readable, every log the dead writer left has been applied.
            try (CountdProcess again = CountdProcess.start(dir.resolve("stderr"), "CountdWrite", "--data", data(),
                    "--listen", "127.0.0.1:0")) {
                assertEquals(List.of("WIN"), WireClient.sendAll(again.address(0),
                        List.of(WireClient.message(1, "sentinel", "s")), null));
                long deadline = System.currentTimeMillis() + 30_000;
                while (WireClient.read(reader.address(0), "sentinel", 0, 1).rows().isEmpty()) {
                    assertTrue(System.currentTimeMillis() < deadline, "sentinel readable within 30 s");
                    CountdProcess.sleep(100);
                }
            }
            int applied = 0;
            for (int s = 0; s < 4; s++) {
                String ks = "crash-" + s;
                for (WireClient.Row row : WireClient.all(reader.address(0), ks.getBytes(StandardCharsets.UTF_8), 10_000)) {
                    String id = ks + "/" + row.keyString();
                    assertTrue(wanted.containsKey(id), "a key that was never sent: " + id);
                    assertEquals(1, row.count(), "applied exactly once: " + id);
                    wanted.remove(id);
                    applied++;
                }
            }
            for (Map.Entry<String, Integer> e : wanted.entrySet()) {
                assertTrue(e.getValue() == null, "acknowledged but lost: " + e.getKey());
            }
            assertTrue(applied >= ackedTotal, applied + " applied, " + ackedTotal + " acknowledged");
            assertEquals(0, worker.terminate(), "the worker stops cleanly");
        }
    }

    /**
     * Logs are written with no worker running; then workers are started and SIGKILLed at random
     * moments of their work, at least 20 times while logs remained (more data is written whenever
     * they caught up); finally one runs to the end and every count is exact.
     */
    @Test
    void aWorkerKilledAgainAndAgainLeavesExactCounts() throws Exception {
        Random random = new Random(7);
        Expected expected = new Expected();
        PoolFiles logs = new PoolFiles(dir.resolve("data/logs"));
        int kills = 0;
        int runs = 0;
        try (CountdProcess writer = CountdProcess.start(dir.resolve("stderr"), "CountdWrite", "--data", data(),
                "--listen", "127.0.0.1:0", "--log-size", "2m", "--max-logs", "1000", "--fsync", "never",
                "--idle-seal", "200ms")) {
            while (kills < 20) {
                if (logs.pending() == 0) {
                    writeBacklog(writer.address(0), random, expected);
                }
                runs++;
                CountdProcess worker = CountdProcess.start(dir.resolve("stderr"), "CountdWorker", "--data", data());
                CountdProcess.sleep(random.nextInt(300));
                boolean working = logs.pending() > 0;
                worker.kill();
                if (working) {
                    kills++;
                }
                assertTrue(runs < 200, "too many runs without enough kills mid-work");
            }
            assertEquals(0, writer.terminate());
        }
        System.out.println("CrashIT: " + kills + " worker kills with work pending, in " + runs + " runs");
        try (CountdProcess worker = CountdProcess.start(dir.resolve("stderr"), "CountdWorker", "--data", data());
                CountdProcess reader = CountdProcess.start(dir.resolve("stderr"), "CountdRead", "--data", data(),
                        "--listen", "127.0.0.1:0")) {
            expected.awaitReadable(reader.address(0), 60_000);
            assertEquals(0, logs.pending(), "every log applied");
            assertEquals(0, worker.terminate(), "the worker stops cleanly");
        }
    }

    /** Sends 200,000 increments over 40 keyspaces and waits until their logs are sealed. */
    private void writeBacklog(InetSocketAddress writer, Random random, Expected expected) throws Exception {
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            String ks = "ks-" + random.nextInt(40);
            String key = "k" + random.nextInt(300);
            long n = random.nextInt(201) - 100;
            messages.add(WireClient.message(n, ks, key));
            expected.add(ks, key, n);
        }
        List<String> replies = WireClient.sendAll(writer, messages, null);
        assertEquals(messages.size(), replies.size());
        assertTrue(replies.stream().allMatch("WIN"::equals));
        CountdProcess.sleep(600);
    }

    /** Reads the pool's state from the files, as format-spec/commitlog.md defines it. */
    static final class PoolFiles {
        private final Path dir;

        PoolFiles(Path dir) {
            this.dir = dir;
        }

        /** Logs full (mode 0200) or held (a lock link): work not yet done. */
        int pending() throws IOException {
            int n = 0;
            try (var files = java.nio.file.Files.list(dir)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    String name = p.getFileName().toString();
                    if (name.startsWith("lock-")) {
                        n++;
                    } else if (name.matches("[0-9]{10}")) {
                        var mode = java.nio.file.Files.getPosixFilePermissions(p);
                        if (java.nio.file.attribute.PosixFilePermissions.toString(mode).equals("-w-------")) {
                            n++;
                        }
                    }
                }
            }
            return n;
        }
    }
}
