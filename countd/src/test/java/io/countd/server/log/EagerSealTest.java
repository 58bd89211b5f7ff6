package io.countd.server.log;

import static io.countd.server.log.LogTesting.batch;
import static io.countd.server.log.LogTesting.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log open for {@code eagerSeal} is sealed at a tick when, and only when, a worker of the same
 * process waits for a sealed log and the log would not fill before {@code maxAge} at its pace; the
 * idle and age limits stay far away.
 */
@Timeout(60)
class EagerSealTest {
    private static final Duration EAGER = Duration.ofMillis(50);
    private static final Duration MAX_AGE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static PoolConfig config() {
        return new PoolConfig(PoolConfig.MIN_LOG_BYTES, 2, 4, 0, Duration.ofHours(1), MAX_AGE, EAGER,
                Duration.ofMillis(20));
    }

    /** A worker taking a log from {@code pool}, returned once it waits in {@code take}. */
    private static CompletableFuture<PendingLog> waitingWorker(CommitLogPool pool) {
        CompletableFuture<PendingLog> worker = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.take(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        while (!pool.workerWaiting()) {
            Thread.onSpinWait();
        }
        return worker;
    }

    @Test
    void aWaitingWorkerGetsTheLogOnceItIsEagerSealAgedAndNotBefore() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config())) {
            LogSink sink = pool.openSink();
            sink.write(batch(0, 10));
            sink.force();
            long written = System.nanoTime();
            // Old enough, but no worker waits: the log stays open.
            sink.tick(written + EAGER.toNanos() * 4);
            assertNull(pool.take(0, TimeUnit.SECONDS), "sealed with no worker waiting");

            CompletableFuture<PendingLog> worker = waitingWorker(pool);
            // A tick before the log is eagerSeal old leaves it open.
            sink.tick(written + EAGER.toNanos() / 2);
            Thread.sleep(100);
            assertEquals(false, worker.isDone(), "sealed before it was eagerSeal old");
            while (!worker.isDone()) {
                sink.tick(System.nanoTime());
                Thread.sleep(5);
            }
            PendingLog log = worker.get();
            assertNotNull(log);
            assertEquals(10, numbers(log).size());
            log.markApplied();
            log.close();
            sink.close();
        }
    }

    @Test
    void aLogFillingAtItsPaceBeforeMaxAgeIsLeftToFillThoughAWorkerWaits() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config())) {
            LogSink sink = pool.openSink();
            // Half the log within the first instant: at that pace it fills long before maxAge.
            sink.write(batch(0, 20_000));
            long written = System.nanoTime();
            CompletableFuture<PendingLog> worker = waitingWorker(pool);
            sink.tick(written + EAGER.toNanos() * 2);
            Thread.sleep(100);
            assertEquals(false, worker.isDone(), "sealed early though it was filling");
            sink.tick(written + MAX_AGE.toNanos());
            PendingLog log = worker.get(30, TimeUnit.SECONDS);
            assertEquals(20_000, numbers(log).size());
            log.markApplied();
            log.close();
            sink.close();
        }
    }
}
