package io.countd.bench.countd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The worker-sums benchmark at a tiny size, outside JMH: every distinct (keyspace, key) is counted once. No timing. */
class WorkerSumsBenchmarkSmokeTest {
    @Test
    void aPassSumsEveryDistinctKeyOnce() {
        WorkerSumsBenchmark.Batch b = new WorkerSumsBenchmark.Batch();
        b.keyspaces = 3;
        b.keys = 500;
        b.adds = 5000;
        b.setUp();
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < b.adds; i++) {
            distinct.add(b.keyspaceOf[i] + "/" + new String(b.keyBytes, b.keyStart[i], b.keyStart[i + 1] - b.keyStart[i]));
        }
        WorkerSumsBenchmark bench = new WorkerSumsBenchmark();
        assertEquals(distinct.size(), bench.sumBatch(b));
        assertEquals(distinct.size(), bench.sumBatch(b), "a second pass starts from cleared sums");
    }
}
