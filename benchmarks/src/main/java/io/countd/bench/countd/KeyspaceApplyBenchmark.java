package io.countd.bench.countd;

import io.countd.bench.support.TempFolders;
import io.countd.server.store.Deltas;
import io.countd.server.store.KeyspaceStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast a worker applies a batch's sums on one thread: the counters read and rewritten in the
 * engine, the rank trees' entries moved and their changed nodes written, one durable transaction
 * per keyspace, as {@link KeyspaceStore#apply} does for the worker. The keyspaces are shaped like
 * {@code countd bench}'s load ({@code keyspaces} keyspaces of {@code keys} keys, every key present
 * before the first measured batch); each batch adds 1 to {@code touched} keys picked at random
 * across them, the distinct keys of a log of about a million increments. One batch per
 * invocation, in milliseconds. Run with {@code -prof gc} to see what a batch allocates.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar KeyspaceApplyBenchmark</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class KeyspaceApplyBenchmark {
    /** An open store of filled keyspaces, and the sums of the batches to apply, in turn. */
    @State(Scope.Benchmark)
    public static class Store {
        @Param("10")
        public int keyspaces;
        @Param("100000")
        public int keys;
        @Param("600000")
        public int touched;
        /** Different batches in turn, so that no batch meets the tree its own last apply left. */
        static final int BATCHES = 4;

        Path dir;
        KeyspaceStore store;
        byte[][] names;
        /** Per batch and keyspace. */
        Deltas[][] sums;
        long position;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            dir = Files.createTempDirectory("keyspace-apply-bench");
            store = KeyspaceStore.open(dir, KeyspaceStore.Access.READ_WRITE);
            names = new byte[keyspaces][];
            Deltas all = new Deltas();
            for (int i = 0; i < keys; i++) {
                byte[] key = ("key:" + i).getBytes(StandardCharsets.US_ASCII);
                all.add(key, key.length, 1);
            }
            for (int k = 0; k < keyspaces; k++) {
                names[k] = ("bench-" + k).getBytes(StandardCharsets.US_ASCII);
                store.apply(names[k], 1, ++position, all);
            }
            SplittableRandom rnd = new SplittableRandom(20261203L);
            sums = new Deltas[BATCHES][keyspaces];
            for (Deltas[] batch : sums) {
                for (int k = 0; k < keyspaces; k++) {
                    batch[k] = new Deltas();
                }
                for (int i = 0; i < touched; i++) {
                    byte[] key = ("key:" + rnd.nextInt(keys)).getBytes(StandardCharsets.US_ASCII);
                    batch[rnd.nextInt(keyspaces)].add(key, key.length, 1);
                }
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            store.close();
            TempFolders.delete(dir);
        }
    }

    /** Applies the next batch to every keyspace; returns the keys changed. */
    @Benchmark
    public long applyBatch(Store s) {
        Deltas[] batch = s.sums[s.next++ % Store.BATCHES];
        long position = ++s.position;
        long changed = 0;
        for (int k = 0; k < s.keyspaces; k++) {
            if (s.store.apply(s.names[k], 1, position, batch[k])) {
                changed += batch[k].size();
            }
        }
        return changed;
    }
}
