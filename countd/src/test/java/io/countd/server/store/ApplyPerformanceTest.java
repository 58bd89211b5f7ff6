package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures for the worker's hot path and the reader's most common request, printed, not asserted
 * (the machines running the tests are shared): applies of 100,000 key deltas to a keyspace of
 * 100,000 keys, a keyspace grown to 1,000,000 keys in 10 logs, and top-100 reads.
 */
@Tag("bench")
class ApplyPerformanceTest {
    private static final byte[] KS = "perf".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void applyAndReadFigures() {
        Path folder = dir.resolve("keyspaces");
        Deltas d = new Deltas();
        byte[] key = new byte[32];
        try (KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE)) {
            for (int warm = 0; warm < 5; warm++) {
                d.clear();
                fill(d, key, 0, 100_000, 1);
            }
            d.clear();
            long t0 = System.nanoTime();
            fill(d, key, 0, 100_000, 1);
            fill(d, key, 0, 100_000, 2);
            long t1 = System.nanoTime();
            store.apply(KS, 0, 1, d);
            long t2 = System.nanoTime();
            report("Deltas.add, 200,000 adds to 100,000 keys (warm, key formatting included)", t1 - t0, 200_000);
            report("apply 100,000 new keys to an empty keyspace", t2 - t1, 100_000);
            for (int round = 2; round <= 4; round++) {
                d.clear();
                fill(d, key, 0, 100_000, round);
                long s = System.nanoTime();
                store.apply(KS, 0, round, d);
                report("apply 100,000 deltas to 100,000 keys (warm, run " + (round - 1) + ")", System.nanoTime() - s, 100_000);
            }
        }
        try (KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE)) {
            d.clear();
            fill(d, key, 0, 100_000, 7);
            long s = System.nanoTime();
            store.apply(KS, 0, 5, d);
            report("apply 100,000 deltas to 100,000 keys (cold: new store, tree read from the file)", System.nanoTime() - s,
                    100_000);
        }

        byte[] big = "perf-1m".getBytes(StandardCharsets.US_ASCII);
        try (KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE)) {
            long total = 0;
            for (int batch = 0; batch < 10; batch++) {
                d.clear();
                fill(d, key, batch * 100_000, 100_000, batch + 1);
                long s = System.nanoTime();
                store.apply(big, 0, batch + 1, d);
                long took = System.nanoTime() - s;
                total += took;
                if (batch == 0 || batch == 9) {
                    report("  1,000,000 keys, log " + (batch + 1) + " of 10 (100,000 new keys)", took, 100_000);
                }
            }
            report("1,000,000 keys in 10 logs", total, 1_000_000);

            try (KeyspaceView v = store.view(big)) {
                assertEquals(1_000_000, v.size());
                long[] sum = {0};
                for (int i = 0; i < 2_000; i++) {
                    v.rows(0, 100, (rank, count, k, n) -> sum[0] += count);
                }
                int reads = 20_000;
                long s = System.nanoTime();
                for (int i = 0; i < reads; i++) {
                    v.rows(0, 100, (rank, count, k, n) -> sum[0] += count);
                }
                System.out.printf("perf: top-100 from a warm pinned view of 1,000,000 keys: %.1f us per read%n",
                        (System.nanoTime() - s) / 1000.0 / reads);
                s = System.nanoTime();
                for (int i = 0; i < 1000; i++) {
                    v.rows(500_000 + i * 300L, 100, (rank, count, k, n) -> sum[0] += count);
                }
                System.out.printf("perf: 100 rows from the middle (offset 500,000+): %.1f us per read%n",
                        (System.nanoTime() - s) / 1000.0 / 1000);
            }
            int opens = 2_000;
            long s = System.nanoTime();
            for (int i = 0; i < opens; i++) {
                try (KeyspaceView v = store.view(big)) {
                    v.rows(0, 100, (rank, count, k, n) -> { });
                }
            }
            System.out.printf("perf: view + top-100 + close (file opened read-only each time): %.1f us%n",
                    (System.nanoTime() - s) / 1000.0 / opens);
        }
    }

    /** Keys {@code key-<n>} for n in [from, from + count), increments varying with the round. */
    private static void fill(Deltas d, byte[] key, int from, int count, int round) {
        for (int i = from; i < from + count; i++) {
            int len = format(key, i);
            d.add(key, len, 1 + (i * 31L + round * 7L) % 1000);
        }
    }

    private static int format(byte[] key, int n) {
        key[0] = 'k';
        key[1] = 'e';
        key[2] = 'y';
        key[3] = '-';
        int len = 4;
        String digits = Integer.toString(n);
        for (int i = 0; i < digits.length(); i++) {
            key[len++] = (byte) digits.charAt(i);
        }
        return len;
    }

    private static void report(String what, long nanos, int keys) {
        System.out.printf("perf: %s: %.0f ms, %.0f keys/s%n", what, nanos / 1e6, keys / (nanos / 1e9));
    }
}
