package io.countd.server.log;

import static io.countd.server.log.LogTesting.batch;
import static io.countd.server.log.LogTesting.frameBytes;
import static io.countd.server.log.LogTesting.later;
import static io.countd.server.log.LogTesting.log;
import static io.countd.server.log.LogTesting.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.countd.server.log.LogStatus.State;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * Random sequences of writes, forces, seals, takes (applied, released, or dropped by a "killed"
 * worker), writer crashes (with or without losing unforced bytes) and restarts, then a final
 * drain. The invariant:
 * <ul>
 *   <li>no record is delivered (read from a log that was then marked applied) twice, and nothing
 *       else is delivered: records are numbered uniquely, so a stale frame of an older generation
 *       would show up as a second delivery;
 *   <li>every durable record (forced, or in a sealed log) is delivered; after a crash that keeps
 *       the page cache (a killed process), every written record is; after one that loses unforced
 *       bytes from some offset on, every frame wholly before that offset is;
 *   <li>frames are whole: a frame's records are all delivered or none is;
 *   <li>every read of one (slot, generation) returns the same records, and each is marked applied
 *       at most once;
 *   <li>at the end every log is empty and unheld.
 * </ul>
 * Crashes are simulated in process (the holder's byte-range lock dropped, its link and mode left)
 * so that each example stays fast; {@link CrashRecoveryTest} kills real processes.
 */
class PoolPropertyTest {
    private static final int EXAMPLES = Math.max(100, Integer.getInteger("model.examples", 200) / 2);
    private static final long FIRST_RECORD = 100_000;
    private static final PoolConfig CONFIG = new PoolConfig(PoolConfig.MIN_LOG_BYTES, 1, 40, 0, Duration.ofHours(1),
            Duration.ofHours(1), Duration.ofHours(1), Duration.ofMillis(20));

    /**
     * Held strongly: java.util.logging forgets the level of a logger nobody references. The pool
     * logs through System.Logger, which the JDK routes to java.util.logging.
     */
    private static final Logger POOL_LOG = Logger.getLogger(CommitLogPool.class.getPackageName());

    @TempDir
    Path dir;

    private Level savedLevel;
    private final AtomicInteger examples = new AtomicInteger();

    enum Kind {
        WRITE, FORCE, TICK, CLOSE_SINK, APPLY, RELEASE, KILL_WORKER, KILL_WRITER, TEAR_WRITER, RESTART
    }

    /** One step; {@code n} is the record count of a write, {@code cut} where a tear starts (per mille). */
    record Op(Kind kind, int n, int cut) {
        @Override
        public String toString() {
            return kind == Kind.WRITE ? "WRITE " + n : kind == Kind.TEAR_WRITER ? "TEAR " + cut : kind.name();
        }
    }

    private static Gen<Op> ops() {
        Gen<Kind> kinds = integers().between(0, 99).map(p -> p < 30 ? Kind.WRITE : p < 38 ? Kind.FORCE
                : p < 50 ? Kind.TICK : p < 54 ? Kind.CLOSE_SINK : p < 70 ? Kind.APPLY : p < 75 ? Kind.RELEASE
                : p < 80 ? Kind.KILL_WORKER : p < 88 ? Kind.KILL_WRITER : p < 96 ? Kind.TEAR_WRITER : Kind.RESTART);
        // few frame sizes, so that a recycled log's new frames often end exactly where old ones begin
        Gen<Integer> sizes = integers().between(0, 9).map(i -> i < 6 ? 8 : i < 9 ? 16 : 40);
        return kinds.zip(sizes, integers().between(0, 999), Op::new);
    }

    /** A frame as written: its records, its size, whether it is durable, whether it must be delivered. */
    static final class Frame {
        final long first;
        final int n;
        final long bytes;
        boolean mustDeliver;

        Frame(long first, int n, long bytes) {
            this.first = first;
            this.n = n;
            this.bytes = bytes;
        }
    }

    /** Hundreds of simulated crashes would each log a recovery line; they are expected here. */
    @BeforeEach
    void quietRecoveryLines() {
        savedLevel = POOL_LOG.getLevel();
        POOL_LOG.setLevel(Level.SEVERE);
    }

    @AfterEach
    void restoreLogging() {
        POOL_LOG.setLevel(savedLevel);
    }

    @Test
    void forcedRecordsAreDeliveredExactlyOnceAndNothingStaleIs() {
        qt().withExamples(EXAMPLES).forAll(lists().of(ops()).ofSizeBetween(1, 50)).checkAssert(this::run);
    }

    /** The state of one example. */
    private final class Run {
        final Path folder = dir.resolve("example-" + examples.incrementAndGet());
        final List<Frame> frames = new ArrayList<>();
        /** The frames of the sink's current log, oldest first. */
        final List<Frame> open = new ArrayList<>();
        /** How many of {@link #open} were forced. */
        int forced;
        final Map<Long, Integer> delivered = new HashMap<>();
        final Map<List<Long>, List<Long>> contents = new HashMap<>();
        final Map<List<Long>, Boolean> appliedLogs = new HashMap<>();
        CommitLogPool pool;
        LogSink sink;
        /** Six-digit record numbers: every record encodes to the same size. */
        long next = FIRST_RECORD;

        void step(Op op) throws Exception {
            switch (op.kind()) {
                case WRITE -> {
                    if (sink == null) {
                        sink = pool.openSink();
                    }
                    RecordBatch b = batch(next, op.n());
                    sink.write(b);
                    Frame f = new Frame(next, op.n(), frameBytes(b));
                    frames.add(f);
                    open.add(f);
                    next += op.n();
                }
                case FORCE -> {
                    if (sink != null) {
                        sink.force();
                        forced = open.size();
                    }
                }
                case TICK -> {
                    if (sink != null) {
                        sink.tick(later());
                        sealed();
                    }
                }
                case CLOSE_SINK -> {
                    if (sink != null) {
                        sink.close();
                        sink = null;
                        sealed();
                    }
                }
                case APPLY, RELEASE, KILL_WORKER -> take(op.kind());
                case KILL_WRITER -> killWriter(-1);
                case TEAR_WRITER -> killWriter(op.cut());
                case RESTART -> {
                    killWriter(-1);
                    pool.close();
                    pool = CommitLogPool.open(folder, CONFIG);
                }
            }
        }

        /** The open frames are durable now: the log was sealed. */
        void sealed() {
            open.forEach(f -> f.mustDeliver = true);
            open.clear();
            forced = 0;
        }

        void take(Kind kind) throws Exception {
            PendingLog p = pool.take(0, TimeUnit.SECONDS);
            if (p == null) {
                return;
            }
            List<Long> key = List.of((long) p.stream(), p.position());
            List<Long> records = numbers(p);
            List<Long> before = contents.putIfAbsent(key, records);
            assertTrue(before == null || before.equals(records), "a log read differently twice: " + key);
            switch (kind) {
                case APPLY -> {
                    assertNull(appliedLogs.put(key, true), "applied twice: " + key);
                    p.markApplied();
                    records.forEach(r -> delivered.merge(r, 1, Integer::sum));
                }
                case RELEASE -> p.close();
                default -> ((TakenLog) p).abandon();
            }
        }

        /**
         * Kills the writer; with {@code cut} >= 0 the bytes after the forced frames are also lost
         * from a point {@code cut} per mille into the unforced bytes (every bit flipped, as if the
         * disk never saw them).
         */
        void killWriter(int cut) throws IOException {
            if (sink == null) {
                return;
            }
            int held = -1;
            for (LogStatus s : pool.status()) {
                if (s.state() == State.HELD && s.live()) {
                    held = s.slot();
                }
            }
            ((PoolSink) sink).abandon();
            sink = null;
            long at = LogFormat.FIRST_FRAME;
            long forcedEnd = at;
            for (int i = 0; i < open.size(); i++) {
                at += open.get(i).bytes;
                if (i < forced) {
                    forcedEnd = at;
                }
            }
            long tearFrom = cut < 0 || at == forcedEnd ? at : forcedEnd + (at - forcedEnd) * cut / 1000;
            long frameStart = LogFormat.FIRST_FRAME;
            for (Frame f : open) {
                f.mustDeliver = frameStart + f.bytes <= tearFrom;
                frameStart += f.bytes;
            }
            if (tearFrom < at) {
                flipBits(held, tearFrom, at);
            }
            open.clear();
            forced = 0;
        }

        void flipBits(int slot, long from, long to) throws IOException {
            try (FileChannel ch = FileChannel.open(log(folder, slot), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.allocate((int) (to - from));
                ch.read(b, from);
                for (int i = 0; i < b.capacity(); i++) {
                    b.put(i, (byte) ~b.get(i));
                }
                ch.write(b.flip(), from);
            }
        }

        void finish() throws Exception {
            if (sink != null) {
                sink.close();
                sealed();
            }
            while (true) {
                int before = appliedLogs.size();
                take(Kind.APPLY);
                if (appliedLogs.size() == before) {
                    break;
                }
            }
            for (Frame f : frames) {
                int got = delivered.getOrDefault(f.first, 0);
                for (long r = f.first; r < f.first + f.n; r++) {
                    int times = delivered.getOrDefault(r, 0);
                    assertTrue(times <= 1, "record " + r + " delivered " + times + " times");
                    assertEquals(got, times, "frame from record " + f.first + " delivered in part");
                }
                assertTrue(!f.mustDeliver || got == 1, "frame from record " + f.first + " was lost");
            }
            assertEquals(0L, delivered.keySet().stream().filter(r -> r < FIRST_RECORD || r >= next).count());
            for (LogStatus s : pool.status()) {
                assertEquals(State.EMPTY, s.state(), s::toString);
            }
        }
    }

    private void run(List<Op> ops) {
        Run r = new Run();
        try {
            r.pool = CommitLogPool.open(r.folder, CONFIG);
            try {
                for (Op op : ops) {
                    r.step(op);
                }
                r.finish();
            } finally {
                if (r.sink != null) {
                    ((PoolSink) r.sink).abandon();
                }
                r.pool.close();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
