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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.log.LogStatus.State;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One log goes through every state: empty, written, sealed, taken, applied and reused with a
 * higher generation; the mode and the lock link are checked at each step. The test suite runs as
 * root, who can open any file whatever its mode; the pool must not care.
 */
class PoolStateMachineTest {
    @TempDir
    Path dir;

    private void assertState(int slot, int expectedMode, boolean linked) throws Exception {
        assertEquals(expectedMode, mode(log(dir, slot)), () -> "mode of " + slot);
        assertEquals(linked, Files.exists(link(dir, slot)), () -> "link of " + slot);
        if (linked) {
            assertTrue(Files.isSameFile(link(dir, slot), log(dir, slot)));
        }
    }

    @Test
    void aLogGoesRoundTheStatesAndIsReusedWithAHigherGeneration() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(2, 4, 0))) {
            assertEquals(List.of(new LogStatus(0, State.EMPTY, 0, false), new LogStatus(1, State.EMPTY, 0, false)),
                    pool.status());
            assertState(0, 0400, false);
            assertEquals(0600, mode(dir.resolve("logs/holders")));
            assertEquals(PoolConfig.MIN_LOG_BYTES, Files.size(log(dir, 0)));

            LogSink sink = pool.openSink();
            long before = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            sink.write(batch(0, 10));
            long after = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
            assertState(0, 0600, true);
            LogStatus writing = pool.status().get(0);
            long g1 = writing.generation();
            assertEquals(new LogStatus(0, State.HELD, g1, true), writing);
            assertTrue(g1 > 0);
            sink.force();
            sink.tick(System.nanoTime());
            assertState(0, 0600, true);

            sink.tick(later());
            assertState(0, 0200, false);
            assertEquals(new LogStatus(0, State.FULL, g1, false), pool.status().get(0));

            PendingLog taken = pool.take(10, TimeUnit.SECONDS);
            assertEquals(0, taken.stream());
            assertEquals(g1, taken.position());
            assertTrue(taken.createdMicros() >= before && taken.createdMicros() <= after,
                    "taken for its first frame: " + taken.createdMicros() + " in [" + before + ", " + after + "]");
            assertState(0, 0600, true);
            assertEquals(new LogStatus(0, State.HELD, g1, true), pool.status().get(0));
            assertEquals(range(0, 10), numbers(taken));
            assertNull(pool.take(0, TimeUnit.SECONDS), "a held log is not handed out twice");
            taken.markApplied();
            assertState(0, 0400, false);
            assertEquals(new LogStatus(0, State.EMPTY, g1, false), pool.status().get(0));
            assertThrows(IllegalStateException.class, taken::markApplied);

            sink.write(batch(10, 3));
            assertState(0, 0600, true);
            sink.close();
            assertState(0, 0200, false);
            long g2 = pool.status().get(0).generation();
            assertTrue(g2 > g1, g2 + " after " + g1);

            PendingLog again = pool.take(10, TimeUnit.SECONDS);
            assertEquals(g2, again.position());
            assertEquals(range(10, 3), numbers(again), "the old generation's frames are not read");
            again.close();
            again.close();
            assertState(0, 0200, false);

            PendingLog third = pool.take(10, TimeUnit.SECONDS);
            assertEquals(List.of(0L, g2), List.of((long) third.stream(), third.position()));
            assertEquals(range(10, 3), numbers(third));
            third.markApplied();
            assertState(0, 0400, false);
            assertState(1, 0400, false);
        }
    }

    /** Root opens a sealed log read-write without complaint: the mode is a record, not a barrier. */
    @Test
    void stateDoesNotDependOnOpenFailing() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(1, 2, 0)); LogSink sink = pool.openSink()) {
            sink.write(batch(0, 5));
            sink.tick(later());
            assertEquals(0200, mode(log(dir, 0)));
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                try (FileChannel ch = FileChannel.open(log(dir, 0), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    assertTrue(ch.size() > 0);
                }
            }
            sink.write(batch(5, 5));
            assertEquals(0600, mode(log(dir, 1)), "the writer skipped the full log by its mode alone");
            assertEquals(0200, mode(log(dir, 0)));
            try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                assertEquals(0, p.stream());
                assertEquals(range(0, 5), numbers(p));
                p.markApplied();
            }
        }
    }

    @Test
    void writesRotateToTheNextLogWhenAFrameDoesNotFit() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(2, 4, 1))) {
            try (LogSink sink = pool.openSink()) {
                RecordBatch big = batch(0, 40_000);
                assertTrue(big.bytes() > PoolConfig.MIN_LOG_BYTES / 2);
                sink.write(big);
                sink.write(batch(40_000, 40_000));
                assertEquals(0200, mode(log(dir, 0)));
                assertEquals(0600, mode(log(dir, 1)));
            }
            try (PendingLog a = pool.take(10, TimeUnit.SECONDS); PendingLog b = pool.take(10, TimeUnit.SECONDS)) {
                assertTrue(a.position() < b.position(), "oldest first");
                assertEquals(range(0, 40_000), numbers(a));
                assertEquals(range(40_000, 40_000), numbers(b));
                a.markApplied();
                b.markApplied();
            }
        }
    }

    /** A batch of exactly {@code bytes} encoded bytes (at least 5). */
    private static RecordBatch exactBatch(int bytes) {
        byte[] ks = {'k'};
        byte[] big = new byte[256];
        Arrays.fill(big, (byte) 'x');
        RecordBatch b = new RecordBatch(RecordBatch.MAX_CAPACITY);
        int left = bytes;
        while (left >= 261 + 5 || left == 261) { // ks "k", a 256-byte key, increment 1: 261 bytes
            b.add(1, ks, 0, 1, big, 0, 256);
            left -= 261;
        }
        for (int n = left / 5; n > 1; n--) { // 5-byte records; the last one takes the rest
            b.add(1, ks, 0, 1, big, 0, 1);
        }
        b.add(1, ks, 0, 1, big, 0, 1 + left % 5);
        assertEquals(bytes, b.bytes());
        return b;
    }

    /**
     * A frame is written only while it and a seal still fit: exactly fitting is fine, ten bytes
     * short is not, and no log ever grows past its size.
     */
    @Test
    void aLogAlwaysKeepsRoomForItsSeal() throws Exception {
        long size = PoolConfig.MIN_LOG_BYTES;
        int room = (int) (size - LogFormat.FIRST_FRAME);
        int header = LogFormat.FRAME_HEADER_BYTES;
        int seal = LogFormat.SEAL_FRAME_BYTES;
        RecordBatch full = exactBatch(RecordBatch.MAX_CAPACITY);
        RecordBatch exact = exactBatch(room - (header + RecordBatch.MAX_CAPACITY) - header - seal);
        RecordBatch tenShort = exactBatch(room - (header + RecordBatch.MAX_CAPACITY) - header - 10);
        try (CommitLogPool pool = CommitLogPool.open(dir, config(3, 3, 0))) {
            try (LogSink sink = pool.openSink()) {
                sink.write(full);
                sink.write(exact);
                assertEquals(0600, mode(log(dir, 0)), "the frame and the seal fit exactly");
                sink.write(tenShort);
                assertEquals(0200, mode(log(dir, 0)));
                sink.write(full);
                assertEquals(0200, mode(log(dir, 1)), "ten bytes would be left: no room for the seal");
            }
            for (int slot = 0; slot < 3; slot++) {
                assertEquals(size, Files.size(log(dir, slot)));
            }
            List<Long> frames = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                    assertEquals(i, p.stream());
                    ReadSummary s = p.read((ks, ksl, k, kl, inc) -> { });
                    assertTrue(s.intact(), s::toString);
                    frames.add(s.frames());
                    p.markApplied();
                }
            }
            assertEquals(List.of(2L, 1L, 1L), frames);
        }
    }

    /** A header from a clock that ran ahead: the next generation still grows past it. */
    @Test
    void generationsGrowEvenWhenTheClockIsBehindTheLastOne() throws Exception {
        long ahead = (System.currentTimeMillis() + TimeUnit.DAYS.toMillis(3650)) * 1000;
        try (CommitLogPool pool = CommitLogPool.open(dir, config(1, 1, 0))) {
            Files.setPosixFilePermissions(log(dir, 0), LogModeSets.HELD);
            try (FileChannel ch = FileChannel.open(log(dir, 0), StandardOpenOption.WRITE)) {
                new LogHeader(0, ahead, 0).write(ch);
            }
            Files.setPosixFilePermissions(log(dir, 0), Set.of(PosixFilePermission.OWNER_READ));
            assertEquals(ahead, pool.status().get(0).generation());
            try (LogSink sink = pool.openSink()) {
                sink.write(batch(0, 1));
            }
            try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                assertEquals(ahead + 1, p.position());
                p.markApplied();
            }
        }
    }
}
