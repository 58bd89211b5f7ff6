package io.countd.server.log;

import static io.countd.server.log.LogTesting.awaitParked;
import static io.countd.server.log.LogTesting.batch;
import static io.countd.server.log.LogTesting.config;
import static io.countd.server.log.LogTesting.later;
import static io.countd.server.log.LogTesting.numbers;
import static io.countd.server.log.LogTesting.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.log.LogStatus.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool grows up to maxLogs, no further; then writers wait until a worker recycles a log. */
class BackPressureTest {
    @TempDir
    Path dir;

    private List<String> logFiles() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> Inventory.slotNumber(n) >= 0).sorted().toList();
        }
    }

    /** Waits until the maintainer and the writer agree that there is no room (hasRoom is a hint). */
    private static void awaitNoRoom(LogSink sink) throws InterruptedException {
        while (sink.hasRoom()) {
            Thread.sleep(5);
        }
    }

    @Test
    void aWriteWaitsAtTheBoundUntilALogIsRecycled() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(2, 2, 0))) {
            LogSink sink = pool.openSink();
            assertTrue(sink.hasRoom());
            sink.write(batch(0, 10));
            sink.tick(later());
            sink.write(batch(10, 10));
            sink.tick(later());
            awaitNoRoom(sink);

            CompletableFuture<Void> blocked = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    sink.write(batch(20, 10));
                    blocked.complete(null);
                } catch (Throwable e) {
                    blocked.completeExceptionally(e);
                }
            });
            writer.start();
            awaitParked(writer);
            assertFalse(blocked.isDone(), "the write must wait: both logs are full and the pool is at its bound");
            assertFalse(sink.hasRoom());

            try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                assertEquals(range(0, 10), numbers(p));
                p.markApplied();
            }
            blocked.get(60, TimeUnit.SECONDS);
            writer.join();
            assertEquals(List.of("0000000000", "0000000001"), logFiles());
            List<LogStatus> status = pool.status();
            assertEquals(State.HELD, status.get(0).state(), "the recycled log took the write");
            assertEquals(State.FULL, status.get(1).state());
            sink.close();
        }
    }

    @Test
    void thePoolGrowsToMaxLogsAndNoFurther() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(1, 4, 1))) {
            assertEquals(List.of("0000000000"), logFiles());
            LogSink sink = pool.openSink();
            AtomicInteger sealed = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Void> done = new CompletableFuture<>();
            Thread writer = new Thread(() -> {
                try {
                    for (long seq = 0; !stop.get(); seq += 10) {
                        sink.write(batch(seq, 10));
                        sink.tick(later());
                        sealed.incrementAndGet();
                    }
                    done.complete(null);
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                }
            });
            writer.start();
            while (sealed.get() < 4) {
                Thread.sleep(5);
            }
            awaitParked(writer);
            assertEquals(4, sealed.get());
            assertEquals(List.of("0000000000", "0000000001", "0000000002", "0000000003"), logFiles());
            assertTrue(pool.status().stream().allMatch(s -> s.state() == State.FULL), pool.status()::toString);
            awaitNoRoom(sink);

            stop.set(true);
            try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                assertEquals(range(0, 10), numbers(p), "oldest first");
                p.markApplied();
            }
            done.get(60, TimeUnit.SECONDS);
            writer.join();
            assertEquals(5, sealed.get());
            assertEquals(4, logFiles().size());
            sink.close();
        }
    }
}
