package io.countd.bench.countd;

import io.countd.server.store.Deltas;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast a worker sums a batch: {@code adds} random increments, shaped like {@code countd bench}'s
 * load ({@code keyspaces} keyspaces of {@code keys} keys, picked at random), added to one
 * {@link Deltas} per keyspace, as the worker does for every record of its logs. One pass per
 * invocation, in milliseconds; divide by {@code adds} for the time of an add. The sums' tables
 * outgrow the processor's caches, which is what this measures.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar WorkerSumsBenchmark</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class WorkerSumsBenchmark {
    /** The records of a batch, decoded: key bytes one after another, and per record its keyspace. */
    @State(Scope.Benchmark)
    public static class Batch {
        @Param("10")
        public int keyspaces;
        @Param("100000")
        public int keys;
        @Param("4000000")
        public int adds;

        byte[] keyBytes;
        int[] keyStart;
        int[] keyspaceOf;
        Deltas[] sums;

        @Setup
        public void setUp() {
            SplittableRandom rnd = new SplittableRandom(20261203L);
            byte[][] names = new byte[keys][];
            int total = 0;
            for (int i = 0; i < keys; i++) {
                names[i] = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
            }
            keyStart = new int[adds + 1];
            keyspaceOf = new int[adds];
            int[] picks = new int[adds];
            for (int i = 0; i < adds; i++) {
                picks[i] = rnd.nextInt(keys);
                keyspaceOf[i] = rnd.nextInt(keyspaces);
                total += names[picks[i]].length;
            }
            keyBytes = new byte[total];
            for (int i = 0, at = 0; i < adds; i++) {
                byte[] name = names[picks[i]];
                System.arraycopy(name, 0, keyBytes, at, name.length);
                keyStart[i] = at;
                at += name.length;
                keyStart[i + 1] = at;
            }
            sums = new Deltas[keyspaces];
            for (int i = 0; i < keyspaces; i++) {
                sums[i] = new Deltas();
            }
        }
    }

    /**
     * Sums the batch into cleared sums, each key copied first into a reused buffer as the log
     * decoder hands it over; returns the distinct keys summed.
     */
    @Benchmark
    public long sumBatch(Batch b) {
        for (Deltas d : b.sums) {
            d.clear();
        }
        byte[] key = new byte[256];
        for (int i = 0; i < b.adds; i++) {
            int from = b.keyStart[i];
            int length = b.keyStart[i + 1] - from;
            System.arraycopy(b.keyBytes, from, key, 0, length);
            b.sums[b.keyspaceOf[i]].add(key, length, 1);
        }
        long distinct = 0;
        for (Deltas d : b.sums) {
            distinct += d.size();
        }
        return distinct;
    }
}
