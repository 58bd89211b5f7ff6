package io.countd.engine.bench;

import io.countd.engine.Entry;
import io.countd.engine.HashDatabase;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of single record operations, each on the path of the engine it exercises, in
 * nanoseconds per operation. The records are tchtest's: 8-byte keys {@code %08d} with equal values,
 * default tuning (131,071 buckets, 16-byte alignment, a pool of 1,024 free blocks).
 *
 * <ul>
 *   <li>{@code getSequential}, {@code getRandom}: lookups of existing keys in a file of 1,000,000
 *       records, in key order (as tchtest read) and in a random order.
 *   <li>{@code overwriteSameSize}: puts replacing an existing value with one of the same size, which
 *       TC rewrites in place.
 *   <li>{@code removeReinsert}: a removal followed by the put of the same key: the freed block goes to
 *       the free block pool and the new record takes it back (split, then splice).
 *   <li>{@code putNew}: puts of new keys into an empty file, appended at its end (batches of 100,000
 *       into a fresh file; opening it is not timed).
 *   <li>{@code putcat}: appends of 8 bytes to each of 100,000 records, which moves every record to the
 *       end of the file and frees its old block (batches on a fresh copy of the file).
 *   <li>{@code iterate}, {@code forEach}: a full pass over 1,000,000 records with the iterator (one
 *       read lock per record) and with forEach (one read lock for the pass), per record.
 * </ul>
 *
 * <p>Each runs with the file memory-mapped (the default) and without a map
 * ({@code memoryMapped=false}, every access a {@code pread} or {@code pwrite}); {@code -p
 * memoryMapped=true} runs only the first.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 3, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms1g", "-Xmx1g"})
public class RecordOpsBenchmark {
    static final int BATCH = 100_000;
    static final int RECORDS = 1_000_000;

    /** An open database of 1,000,000 records with their keys, in key order and shuffled. */
    @State(Scope.Thread)
    public static class Populated {
        @Param({"true", "false"})
        public boolean memoryMapped;
        final int records = RECORDS;
        Path dir;
        HashDatabase db;
        byte[][] keys;
        byte[][] shuffled;
        byte[][] otherValues;
        int next;

        @Setup(Level.Trial)
        public void open() {
            dir = BenchFiles.tempDir();
            Path file = dir.resolve("records.tch");
            BenchFiles.populate(file, records);
            db = HashDatabase.builder(file).memoryMapped(memoryMapped).open();
            keys = BenchFiles.keys(records);
            shuffled = keys.clone();
            Random r = new Random(42);
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                byte[] t = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = t;
            }
            otherValues = new byte[records][];
            for (int i = 0; i < records; i++) {
                otherValues[i] = keys[i].clone();
                otherValues[i][0] = 'v';
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            db.close();
            BenchFiles.delete(dir);
        }

        int nextIndex() {
            int i = next;
            next = i + 1 == keys.length ? 0 : i + 1;
            return i;
        }
    }

    /** A fresh, empty database for each batch of new keys. */
    @State(Scope.Thread)
    public static class Empty {
        @Param({"true", "false"})
        public boolean memoryMapped;
        Path dir;
        HashDatabase db;
        byte[][] keys;

        @Setup(Level.Trial)
        public void prepare() {
            dir = BenchFiles.tempDir();
            keys = BenchFiles.keys(BATCH);
        }

        @Setup(Level.Invocation)
        public void open() {
            db = HashDatabase.builder(dir.resolve("empty.tch")).memoryMapped(memoryMapped).truncate().open();
        }

        @TearDown(Level.Invocation)
        public void close() {
            db.close();
        }

        @TearDown(Level.Trial)
        public void delete() {
            BenchFiles.delete(dir);
        }
    }

    /** A fresh copy of a database of 100,000 records for each batch of appends. */
    @State(Scope.Thread)
    public static class Batch {
        @Param({"true", "false"})
        public boolean memoryMapped;
        Path dir;
        Path template;
        Path file;
        HashDatabase db;
        byte[][] keys;

        @Setup(Level.Trial)
        public void prepare() {
            dir = BenchFiles.tempDir();
            template = dir.resolve("template.tch");
            file = dir.resolve("batch.tch");
            BenchFiles.populate(template, BATCH);
            keys = BenchFiles.keys(BATCH);
        }

        @Setup(Level.Invocation)
        public void open() {
            BenchFiles.copy(template, file);
            db = HashDatabase.builder(file).memoryMapped(memoryMapped).open();
        }

        @TearDown(Level.Invocation)
        public void close() {
            db.close();
        }

        @TearDown(Level.Trial)
        public void delete() {
            BenchFiles.delete(dir);
        }
    }

    @Benchmark
    public byte[] getSequential(Populated p) {
        return p.db.get(p.keys[p.nextIndex()]);
    }

    @Benchmark
    public byte[] getRandom(Populated p) {
        return p.db.get(p.shuffled[p.nextIndex()]);
    }

    @Benchmark
    public void overwriteSameSize(Populated p) {
        int i = p.nextIndex();
        p.db.put(p.keys[i], p.otherValues[i]);
    }

    @Benchmark
    public void removeReinsert(Populated p) {
        int i = p.nextIndex();
        byte[] k = p.keys[i];
        p.db.remove(k);
        p.db.put(k, k);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void putNew(Empty e) {
        HashDatabase db = e.db;
        for (byte[] k : e.keys) {
            db.put(k, k);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void putcat(Batch b) {
        HashDatabase db = b.db;
        for (byte[] k : b.keys) {
            db.append(k, k);
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void iterate(Populated p, Blackhole bh) {
        for (Iterator<Entry> it = p.db.iterator(); it.hasNext(); ) {
            bh.consume(it.next());
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void forEach(Populated p, Blackhole bh) {
        p.db.forEach((k, v) -> bh.consume(v));
    }
}
