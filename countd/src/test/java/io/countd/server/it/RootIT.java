package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 5: as root, who may open any file whatever its mode, the pool's state machine still
 * holds, because states are read from modes and lock links rather than from open() failing. With
 * a small pool and no worker, the writer fills every log, then waits (back-pressure) without
 * touching a full log; a worker started later drains the backlog and every count is exact.
 */
class RootIT {
    /** Long keys make records of about 220 bytes, so 60,000 of them overflow three 2 MiB logs. */
    private static final String LONG_KEY = "k".repeat(200) + "-";

    @TempDir
    Path dir;

    @Test
    void asRootAFullPoolIsNeverOverwrittenAndBackPressureHolds() throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI runs the suite as root; this run is not root");
            }
            System.err.println("RootIT: not root; checking the state machine as " + System.getProperty("user.name"));
        }
        String data = dir.resolve("data").toString();
        Path logs = dir.resolve("data/logs");
        List<byte[]> messages = new ArrayList<>();
        for (int i = 0; i < 60_000; i++) {
            messages.add(WireClient.message(1, "root-" + (i % 3), LONG_KEY + (i % 5000)));
        }
        try (CountdProcess writer = CountdProcess.start(dir.resolve("stderr"), "CountdWrite", "--data", data,
                "--listen", "127.0.0.1:0", "--log-size", "2m", "--min-logs", "2", "--max-logs", "3")) {
            AtomicInteger acked = new AtomicInteger();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<List<String>> replies = pool.submit(() -> WireClient.sendAll(writer.address(0), messages, acked));
            // Wait until acknowledgements stop: the pool is full and the writer holds back.
            int last = -1;
            while (acked.get() != last) {
                last = acked.get();
                Thread.sleep(1500);
            }
            assertTrue(last < messages.size(), "back-pressure: not everything acknowledged without a worker");
            Map<String, String> modes = modes(logs);
            assertEquals(3, modes.keySet().stream().filter(n -> n.matches("[0-9]{10}")).count(),
                    "the pool stopped growing at --max-logs: " + modes);
            long full = modes.values().stream().filter("-w-------"::equals).count();
            assertTrue(full >= 2, "full logs wait for a worker, untouched by the root writer: " + modes);

            try (CountdProcess worker = CountdProcess.start(dir.resolve("stderr"), "CountdWorker", "--data", data);
                    CountdProcess reader = CountdProcess.start(dir.resolve("stderr"), "CountdRead", "--data", data,
                            "--listen", "127.0.0.1:0")) {
                List<String> all = replies.get();
                assertEquals(messages.size(), all.size());
                assertTrue(all.stream().allMatch("WIN"::equals));
                Expected expected = new Expected();
                for (int i = 0; i < messages.size(); i++) {
                    expected.add("root-" + (i % 3), LONG_KEY + (i % 5000), 1);
                }
                expected.awaitReadable(reader.address(0), 30_000);
                assertEquals(0, worker.terminate(), "the worker stops cleanly");
            }
            pool.shutdown();
        }
    }

    private static Map<String, String> modes(Path logs) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (var files = Files.list(logs)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                m.put(p.getFileName().toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return m;
    }
}
