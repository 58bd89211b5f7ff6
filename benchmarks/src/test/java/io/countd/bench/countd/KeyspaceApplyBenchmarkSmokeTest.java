package io.countd.bench.countd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.countd.server.store.KeyspaceView;
import org.junit.jupiter.api.Test;

/**
 * The keyspace-apply benchmark at a tiny size, outside JMH: every batch is applied, and the
 * counts add up to the keys plus every increment of the batches. No timing.
 */
class KeyspaceApplyBenchmarkSmokeTest {
    @Test
    void everyBatchIsAppliedAndTheCountsAddUp() throws Exception {
        KeyspaceApplyBenchmark.Store s = new KeyspaceApplyBenchmark.Store();
        s.keyspaces = 3;
        s.keys = 400;
        s.touched = 1000;
        s.setUp();
        try {
            KeyspaceApplyBenchmark bench = new KeyspaceApplyBenchmark();
            long expected = (long) s.keyspaces * s.keys;
            for (int round = 0; round < 6; round++) {
                long changed = bench.applyBatch(s);
                long distinct = 0;
                for (var d : s.sums[round % KeyspaceApplyBenchmark.Store.BATCHES]) {
                    distinct += d.size();
                }
                assertEquals(distinct, changed, "round " + round + " applied to every keyspace");
                expected += s.touched;
            }
            long total = 0;
            for (byte[] name : s.names) {
                try (KeyspaceView view = s.store.view(name)) {
                    assertEquals(s.keys, view.size(), "no key added or lost");
                    long[] sum = {0};
                    view.rows(0, s.keys, (rank, count, key, keyLength) -> sum[0] += count);
                    total += sum[0];
                }
            }
            assertEquals(expected, total);
        } finally {
            s.tearDown();
        }
    }
}
