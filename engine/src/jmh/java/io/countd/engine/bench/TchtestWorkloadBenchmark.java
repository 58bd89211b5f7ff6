package io.countd.engine.bench;

import io.countd.engine.HashDatabase;
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
 * The workloads of {@code tchtest write}, {@code read} and {@code remove} on 1,000,000 records, each
 * invocation one complete run including open and close, as tchtest's {@code time:} line measures
 * it (but in a warmed-up JVM). Scores are milliseconds per run; divide by {@code records} for the
 * cost of one operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 3, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms1g", "-Xmx1g"})
public class TchtestWorkloadBenchmark {

    /** A scratch directory for the run. */
    @State(Scope.Thread)
    public static class Scratch {
        @Param("1000000")
        int records;

        Path dir;

        @Setup(Level.Trial)
        public void create() {
            dir = BenchFiles.tempDir();
        }

        @TearDown(Level.Trial)
        public void delete() {
            BenchFiles.delete(dir);
        }
    }

    /** A file holding tchtest's records 1..n, written once. */
    @State(Scope.Thread)
    public static class Written {
        Path file;

        @Setup(Level.Trial)
        public void write(Scratch s) {
            file = s.dir.resolve("read.tch");
            BenchFiles.populate(file, s.records);
        }
    }

    /** A full file restored before every remove run (the copy is not timed). */
    @State(Scope.Thread)
    public static class Restored {
        Path template;
        Path file;

        @Setup(Level.Trial)
        public void write(Scratch s) {
            template = s.dir.resolve("template.tch");
            file = s.dir.resolve("remove.tch");
            BenchFiles.populate(template, s.records);
        }

        @Setup(Level.Invocation)
        public void restore() {
            BenchFiles.copy(template, file);
        }
    }

    /** {@code tchtest write casket 1000000}: truncate, put records 1..n, close. */
    @Benchmark
    public long write(Scratch s) {
        try (HashDatabase db = HashDatabase.builder(s.dir.resolve("write.tch")).truncate().open()) {
            for (int i = 1; i <= s.records; i++) {
                byte[] k = BenchFiles.key(i);
                db.put(k, k);
            }
            return db.count();
        }
    }

    /** {@code tchtest read casket}: open read-only, get records 1..n, close. */
    @Benchmark
    public long read(Written w) {
        long bytes = 0;
        try (HashDatabase db = HashDatabase.openReadOnly(w.file)) {
            int n = (int) db.count();
            for (int i = 1; i <= n; i++) {
                bytes += db.get(BenchFiles.key(i)).length;
            }
        }
        return bytes;
    }

    /** {@code tchtest remove casket}: open, remove records 1..n, close. */
    @Benchmark
    public long remove(Restored r) {
        try (HashDatabase db = HashDatabase.builder(r.file).create(false).open()) {
            int n = (int) db.count();
            for (int i = 1; i <= n; i++) {
                db.remove(BenchFiles.key(i));
            }
            return db.count();
        }
    }
}
