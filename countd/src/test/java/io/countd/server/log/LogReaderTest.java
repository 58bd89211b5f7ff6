package io.countd.server.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@link LogReader} serving log after log, as a worker's does: a log larger than its 4 MiB
 * chunk, then a small one in the larger buffer, then the large one again; each read must equal a
 * read through a new reader, and a read through a warm reader must not allocate a new buffer.
 */
class LogReaderTest {
    @TempDir
    Path dir;

    @Test
    void aReaderServesLogAfterLogWithOneBuffer() throws Exception {
        PoolConfig config = new PoolConfig(16L << 20, 2, 4, 1, Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofMillis(20));
        try (CommitLogPool pool = CommitLogPool.open(dir, config)) {
            long large = write(pool, 0, 6L << 20);
            long small = write(pool, large, 20_000);
            List<PendingLog> logs = new ArrayList<>();
            for (PendingLog log; logs.size() < 2 && (log = pool.take(5, TimeUnit.SECONDS)) != null; ) {
                logs.add(log);
            }
            assertEquals(2, logs.size(), "both logs are sealed and taken");
            PendingLog big = logs.get(0).position() < logs.get(1).position() ? logs.get(0) : logs.get(1);
            PendingLog little = big == logs.get(0) ? logs.get(1) : logs.get(0);

            LogReader reader = new LogReader();
            long[] bigFresh = sums(big, new LogReader());
            long[] littleFresh = sums(little, new LogReader());
            assertEquals(large, bigFresh[0]);
            assertEquals(small - large, littleFresh[0]);
            assertArrayEquals(bigFresh, sums(big, reader));
            assertArrayEquals(littleFresh, sums(little, reader), "a small log read in a larger, used buffer");

            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long before = threads.getThreadAllocatedBytes(id);
            long[] again = sums(big, reader);
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            assertArrayEquals(bigFresh, again);
            assertTrue(allocated < (256 << 10), "reading a 6 MiB log through a warm reader allocated " + allocated
                    + " bytes; its buffer is 4 MiB");
            for (PendingLog log : logs) {
                log.markApplied();
            }
        }
    }

    /** Writes records numbered from {@code first}, about {@code bytes} of them; returns the next number. */
    private static long write(CommitLogPool pool, long first, long bytes) throws Exception {
        long seq = first;
        long written = 0;
        try (LogSink sink = pool.openSink()) {
            RecordBatch batch = new RecordBatch(RecordBatch.MAX_CAPACITY);
            while (written + batch.bytes() < bytes) {
                byte[] key = ("r" + seq).getBytes(StandardCharsets.US_ASCII);
                if (batch.add(seq + 1, LogTesting.KEYSPACE, 0, LogTesting.KEYSPACE.length, key, 0, key.length)) {
                    seq++;
                } else {
                    written += batch.bytes();
                    sink.write(batch);
                    batch.clear();
                }
            }
            sink.write(batch);
            sink.force();
        }
        return seq;
    }

    /** Records, sum of increments and sum of key lengths of the log, read through {@code reader}. */
    private static long[] sums(PendingLog log, LogReader reader) throws Exception {
        long[] s = new long[3];
        ReadSummary summary = log.read((ks, ksLength, key, keyLength, increment) -> {
            s[0]++;
            s[1] += increment;
            s[2] += keyLength;
        }, reader);
        assertNotNull(summary);
        assertNull(summary.damage(), summary::toString);
        return s;
    }
}
