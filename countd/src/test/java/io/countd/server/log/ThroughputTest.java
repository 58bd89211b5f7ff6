package io.countd.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A microbenchmark for quoting, not a performance test: encodes 1,000,000 typical records (20-byte
 * keyspace, 10-byte key) into 1 MiB batches, writes and forces each batch as a frame, seals, then
 * takes and reads every log, and prints records per second for each phase. The first round warms
 * up the JIT; the second is printed. Only correctness is asserted, never time.
 */
@Tag("bench")
class ThroughputTest {
    private static final int RECORDS = 1_000_000;
    private static final int KEYSPACES = 16;

    @TempDir
    Path dir;

    @Test
    void encodeWriteAndReadAMillionRecords() throws Exception {
        byte[][] keyspaces = new byte[KEYSPACES][];
        for (int i = 0; i < KEYSPACES; i++) {
            keyspaces[i] = String.format("keyspace-%011d", i).getBytes(StandardCharsets.US_ASCII);
        }
        byte[] key = new byte[10];
        PoolConfig config = new PoolConfig(16L << 20, 4, 16, 2, Duration.ofHours(1), Duration.ofHours(1),
                Duration.ofHours(1), Duration.ofMillis(100));
        try (CommitLogPool pool = CommitLogPool.open(dir, config)) {
            for (int round = 1; round <= 2; round++) {
                RecordBatch batch = new RecordBatch(RecordBatch.MAX_CAPACITY);
                long encodeNanos = 0;
                long start = System.nanoTime();
                long bytes = 0;
                try (LogSink sink = pool.openSink()) {
                    long mark = System.nanoTime();
                    for (int i = 0; i < RECORDS; i++) {
                        byte[] ks = keyspaces[i % KEYSPACES];
                        keyDigits(key, i);
                        if (!batch.add(1 + (i & 7), ks, 0, ks.length, key, 0, key.length)) {
                            encodeNanos += System.nanoTime() - mark;
                            bytes += batch.bytes();
                            sink.write(batch);
                            sink.force();
                            batch.clear();
                            mark = System.nanoTime();
                            batch.add(1 + (i & 7), ks, 0, ks.length, key, 0, key.length);
                        }
                    }
                    encodeNanos += System.nanoTime() - mark;
                    bytes += batch.bytes();
                    sink.write(batch);
                    sink.force();
                }
                long written = System.nanoTime();
                long[] seen = new long[2];
                PendingLog log;
                while ((log = pool.take(0, TimeUnit.SECONDS)) != null) {
                    log.read((ks, ksl, k, kl, inc) -> {
                        seen[0]++;
                        seen[1] += inc;
                    });
                    log.markApplied();
                }
                long read = System.nanoTime();
                assertEquals(RECORDS, seen[0]);
                assertEquals(RECORDS / 8 * 36, seen[1]);
                if (round == 2) {
                    System.out.printf("commit log, %,d records of %d bytes (%.1f MB):%n", RECORDS, bytes / RECORDS,
                            bytes / 1e6);
                    System.out.printf("  encode only          %,12.0f records/s%n", rate(encodeNanos));
                    System.out.printf("  encode+write+force   %,12.0f records/s (1 MiB frames, fdatasync each)%n",
                            rate(written - start));
                    System.out.printf("  take+read+apply      %,12.0f records/s%n", rate(read - written));
                    System.out.printf("  all                  %,12.0f records/s%n", rate(read - start));
                }
            }
        }
    }

    /** Ten decimal digits of {@code n} into {@code key}, with no allocation. */
    private static void keyDigits(byte[] key, int n) {
        for (int i = key.length - 1; i >= 0; i--) {
            key[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
    }

    private static double rate(long nanos) {
        return RECORDS / (nanos / 1e9);
    }
}
