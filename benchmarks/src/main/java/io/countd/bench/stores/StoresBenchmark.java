package io.countd.bench.stores;

import io.countd.bench.support.TempFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The Java-stores suite: each benchmark is one pass over all {@code entries} records (milliseconds
 * per pass; throughput is entries divided by it). Every store runs in its own fork of the same
 * run. Folders are made under {@code bench.dir} (default: the temporary folder) and removed after.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar StoresBenchmark [-p store=countd,lmdbjava] [-p entries=100000]</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g",
    "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED",
    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED"})
public class StoresBenchmark {
    private static final long SEED = 20261202L;

    /** What every state shares: the store, the record count, the folder and the two key orders. */
    @State(Scope.Benchmark)
    public static class StoreState {
        @Param({"countd", "lmdbjava", "chronicle-map", "rocksdb", "mvstore"})
        public String store;
        @Param("1000000")
        public int entries;

        Store open;
        int[] randomOrder;
        private Path folder;

        void openEmpty() {
            try {
                Path parent = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
                Files.createDirectories(parent);
                folder = Files.createTempDirectory(parent, "stores-" + store + "-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            open = StoreKind.of(store).open(folder, entries);
        }

        void closeAndDelete() {
            open.close();
            open = null;
            TempFolders.delete(folder);
        }
    }

    /** A new empty store for every pass. */
    public static class Empty extends StoreState {
        @Setup(Level.Trial)
        public void keys() {
            randomOrder = Records.shuffled(entries, SEED);
        }

        @Setup(Level.Invocation)
        public void setUp() {
            openEmpty();
        }

        @TearDown(Level.Invocation)
        public void tearDown() {
            closeAndDelete();
        }
    }

    /** A store filled once in key order, for the reads. */
    public static class Filled extends StoreState {
        @Setup(Level.Trial)
        public void setUp() {
            randomOrder = Records.shuffled(entries, SEED + 1);
            openEmpty();
            write(open, null, entries);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            closeAndDelete();
        }
    }

    @Benchmark
    public Store writeSequential(Empty s) {
        return write(s.open, null, s.entries);
    }

    @Benchmark
    public Store writeRandom(Empty s) {
        return write(s.open, s.randomOrder, s.entries);
    }

    @Benchmark
    public long readRandom(Filled s) {
        long sum = 0;
        for (int key : s.randomOrder) {
            sum += s.open.get(key);
        }
        return sum;
    }

    @Benchmark
    public long readAll(Filled s) {
        return s.open.readAll();
    }

    /** Writes records 0..entries-1 in {@code order} (key order if null) and makes them visible. */
    static Store write(Store store, int[] order, int entries) {
        byte[] value = new byte[Records.VALUE_SIZE];
        for (int i = 0; i < entries; i++) {
            int key = order == null ? i : order[i];
            store.put(key, Records.value(key, value));
        }
        store.finishWrites();
        return store;
    }
}
