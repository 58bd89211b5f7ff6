package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 7: three {@code countd-worker} processes on one data folder, beside a writer and a
 * reader process, give exact counts. Many keyspaces are shared by the logs, so the workers meet
 * on the same keyspace files and take turns by their locks.
 */
class ManyWorkersIT {
    @TempDir
    Path dir;

    @Test
    void threeWorkerProcessesGiveExactCounts() throws Exception {
        String data = dir.resolve("data").toString();
        Random random = new Random(3);
        Expected expected = new Expected();
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            String ks = "shared-" + random.nextInt(6);
            String key = "k" + random.nextInt(2000);
            long n = 1 + random.nextInt(9);
            messages.add(WireClient.message(n, ks, key));
            expected.add(ks, key, n);
        }
        List<CountdProcess> processes = new ArrayList<>();
        try {
            CountdProcess writer = CountdProcess.start(dir.resolve("stderr"), "CountdWrite", "--data", data,
                    "--listen", "127.0.0.1:0", "--log-size", "2m", "--max-logs", "1000", "--max-age", "100ms");
            processes.add(writer);
            for (int w = 0; w < 3; w++) {
                processes.add(CountdProcess.start(dir.resolve("stderr"), "CountdWorker", "--data", data));
            }
            CountdProcess reader = CountdProcess.start(dir.resolve("stderr"), "CountdRead", "--data", data,
                    "--listen", "127.0.0.1:0");
            processes.add(reader);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<String>>> sent = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                List<byte[]> mine = messages.subList(c * messages.size() / 4, (c + 1) * messages.size() / 4);
                sent.add(pool.submit(() -> WireClient.sendAll(writer.address(0), mine, null)));
            }
            int wins = 0;
            for (Future<List<String>> f : sent) {
                wins += (int) f.get().stream().filter("WIN"::equals).count();
            }
            pool.shutdown();
            assertEquals(messages.size(), wins);
            expected.awaitReadable(reader.address(0), 60_000);
            for (CountdProcess p : processes) {
                assertTrue(p.isAlive(), "every process survived");
            }
            for (int i = processes.size() - 1; i >= 0; i--) {
                assertEquals(0, processes.get(i).terminate(), "clean stop on SIGTERM");
            }
        } finally {
            for (CountdProcess p : processes) {
                p.close();
            }
        }
    }
}
