package io.countd.server.log;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Shared fixtures of the commit-log tests: configs, numbered records, file modes. */
final class LogTesting {
    static final byte[] KEYSPACE = "test-keyspace".getBytes(StandardCharsets.US_ASCII);

    private LogTesting() {
    }

    /** Smallest logs; sealing only when the test says so (tick far ahead); quick polling. */
    static PoolConfig config(int minLogs, int maxLogs, int spareLogs) {
        return new PoolConfig(PoolConfig.MIN_LOG_BYTES, minLogs, maxLogs, spareLogs, Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofHours(1), Duration.ofMillis(20));
    }

    /** A tick time at which every log holding frames is due for sealing. */
    static long later() {
        return System.nanoTime() + Duration.ofHours(2).toNanos();
    }

    /** Records number {@code first} to {@code first + n - 1}: key "r" + number, increment number + 1. */
    static RecordBatch batch(long first, int n) {
        RecordBatch b = new RecordBatch(RecordBatch.MAX_CAPACITY);
        for (long seq = first; seq < first + n; seq++) {
            byte[] key = ("r" + seq).getBytes(StandardCharsets.US_ASCII);
            if (!b.add(seq + 1, KEYSPACE, 0, KEYSPACE.length, key, 0, key.length)) {
                throw new IllegalArgumentException("batch of " + n + " does not fit");
            }
        }
        return b;
    }

    /** The frame a batch becomes, in bytes. */
    static long frameBytes(RecordBatch b) {
        return LogFormat.FRAME_HEADER_BYTES + b.bytes();
    }

    /** Reads the record numbers of a numbered log, checking each record and that the log is intact. */
    static List<Long> numbers(PendingLog log) throws IOException {
        List<Long> out = new ArrayList<>();
        ReadSummary s = log.read(numbering(out));
        assertNull(s.damage(), s::toString);
        return out;
    }

    /** A visitor collecting record numbers, failing on any record not made by {@link #batch}. */
    static RecordVisitor numbering(List<Long> into) {
        return (ks, ksLength, key, keyLength, increment) -> {
            String k = new String(key, 0, keyLength, StandardCharsets.US_ASCII);
            long seq = Long.parseLong(k.substring(1));
            if (ksLength != KEYSPACE.length || increment != seq + 1) {
                throw new AssertionError("unexpected record " + k + " " + increment);
            }
            into.add(seq);
        };
    }

    static List<Long> range(long first, long n) {
        List<Long> out = new ArrayList<>();
        for (long i = first; i < first + n; i++) {
            out.add(i);
        }
        return out;
    }

    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }

    static Path log(Path dir, int slot) {
        return dir.resolve("logs").resolve(LogFormat.slotName(slot));
    }

    static Path link(Path dir, int slot) {
        return dir.resolve("logs").resolve("lock-" + LogFormat.slotName(slot));
    }

    /** Waits (without a time limit of its own: the test's timeout applies) until {@code t} is parked. */
    static void awaitParked(Thread t) throws InterruptedException {
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            if (!t.isAlive()) {
                throw new AssertionError(t.getName() + " ended instead of waiting");
            }
            Thread.sleep(5);
        }
    }
}
