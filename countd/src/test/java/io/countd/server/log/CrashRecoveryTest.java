package io.countd.server.log;

import static io.countd.server.log.LogTesting.batch;
import static io.countd.server.log.LogTesting.config;
import static io.countd.server.log.LogTesting.later;
import static io.countd.server.log.LogTesting.link;
import static io.countd.server.log.LogTesting.log;
import static io.countd.server.log.LogTesting.mode;
import static io.countd.server.log.LogTesting.numbers;
import static io.countd.server.log.LogTesting.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.log.LogStatus.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers and workers killed with SIGKILL while they hold a log. */
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aKilledWritersForcedRecordsAreSealedAndDeliveredExactlyOnce() throws Exception {
        long forced = 0;
        try (ChildProcess child = new ChildProcess("write", dir)) {
            assertEquals("ready", child.line());
            String line;
            // enough for the child to fill and seal a log or two first
            while (forced < 150_000 && (line = child.line()) != null) {
                forced = Long.parseLong(line);
            }
            child.kill();
        }
        assertTrue(forced >= 150_000, "the writer stopped early, at " + forced);
        List<Path> links;
        try (Stream<Path> s = Files.list(dir.resolve("logs"))) {
            links = s.filter(p -> p.getFileName().toString().startsWith("lock-")).toList();
        }
        assertEquals(1, links.size(), "the dead writer's link stays: " + links);
        assertEquals(0600, mode(links.get(0)));

        List<Long> delivered = new ArrayList<>();
        try (CommitLogPool pool = CommitLogPool.open(dir, config(2, 8, 1))) {
            assertTrue(pool.status().stream().noneMatch(st -> st.state() == State.HELD), pool.status()::toString);
            PendingLog p;
            long lastPosition = 0;
            while ((p = pool.take(0, TimeUnit.SECONDS)) != null) {
                assertTrue(p.position() > lastPosition, "oldest first");
                lastPosition = p.position();
                delivered.addAll(numbers(p));
                p.markApplied();
            }
        }
        long n = delivered.size();
        assertTrue(n >= forced, n + " delivered, " + forced + " forced");
        assertEquals(0, n % LogChild.FRAME_RECORDS, "frames are whole");
        assertEquals(range(0, n), delivered, "each record once, in order, nothing stale");
    }

    @Test
    void aKilledWorkersLogIsTakenAgain() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(2, 8, 1))) {
            try (LogSink sink = pool.openSink()) {
                sink.write(batch(0, 100));
                sink.tick(later());
            }
            long generation = pool.status().get(0).generation();
            try (ChildProcess child = new ChildProcess("hold", dir)) {
                assertEquals("ready", child.line());
                assertEquals("took 0 " + generation, child.line());
                assertEquals(new LogStatus(0, State.HELD, generation, true), pool.status().get(0));
                assertNull(pool.take(0, TimeUnit.SECONDS), "another live process holds it");
                child.kill();
            }
            assertEquals(new LogStatus(0, State.HELD, generation, false), pool.status().get(0));
            assertTrue(Files.exists(link(dir, 0)));
            PendingLog p = pool.take(30, TimeUnit.SECONDS);
            assertNotNull(p);
            assertEquals(0, p.stream());
            assertEquals(generation, p.position());
            assertEquals(range(0, 100), numbers(p));
            p.markApplied();
            assertEquals(0400, mode(log(dir, 0)));
        }
    }
}
