package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 6: a lone increment becomes readable within 2 s, with no further traffic; and an idle
 * worker gets it through the eager seal alone.
 */
class LowTrafficIT {
    @TempDir
    Path dir;

    @Test
    void aSingleIncrementIsReadableWithinTwoSeconds() throws Exception {
        try (CountdProcess serve = CountdProcess.start(dir.resolve("stderr"), "Countd", "serve", "--data",
                dir.resolve("data").toString(), "--write", "127.0.0.1:0", "--read", "127.0.0.1:0")) {
            // Let start-up work (preallocating the pool) settle, as on a server that has been up a while.
            Thread.sleep(1000);
            for (int round = 0; round < 3; round++) {
                String ks = "lonely-" + round;
                assertEquals(List.of("WIN"), WireClient.sendAll(serve.address(0),
                        List.of(WireClient.message(42, ks, "k")), null));
                long acked = System.nanoTime();
                long elapsed;
                while (WireClient.read(serve.address(1), ks, 0, 1).rows().isEmpty()) {
                    elapsed = (System.nanoTime() - acked) / 1_000_000;
                    assertTrue(elapsed < 2000, "readable within 2 s of its acknowledgement");
                    Thread.sleep(20);
                }
                elapsed = (System.nanoTime() - acked) / 1_000_000;
                System.out.println("LowTrafficIT: round " + round + ": readable " + elapsed + " ms after its WIN");
                assertEquals(42, WireClient.read(serve.address(1), ks, 0, 1).rows().get(0).count());
                Thread.sleep(1500);
            }
        }
    }

    /**
     * With the idle and age seals an hour away, only the eager seal (its default) can hand the log
     * to the worker that waits in the same process.
     */
    @Test
    void anIdleWorkerHasTheLogSealedEarly() throws Exception {
        try (CountdProcess serve = CountdProcess.start(dir.resolve("stderr-eager"), "Countd", "serve", "--data",
                dir.resolve("eager").toString(), "--write", "127.0.0.1:0", "--read", "127.0.0.1:0",
                "--idle-seal", "60m", "--max-age", "60m")) {
            assertEquals(List.of("WIN"), WireClient.sendAll(serve.address(0),
                    List.of(WireClient.message(7, "eager", "k")), null));
            long acked = System.nanoTime();
            while (WireClient.read(serve.address(1), "eager", 0, 1).rows().isEmpty()) {
                assertTrue(System.nanoTime() - acked < 30_000_000_000L, "never readable: the log was not sealed");
                Thread.sleep(20);
            }
            System.out.println("LowTrafficIT: readable " + (System.nanoTime() - acked) / 1_000_000
                    + " ms after its WIN with only the eager seal");
            assertEquals(7, WireClient.read(serve.address(1), "eager", 0, 1).rows().get(0).count());
        }
    }
}
