package io.countd.engine.bench;

import io.countd.engine.HashDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch files, keys and populated databases for the benchmarks. */
final class BenchFiles {
    private BenchFiles() {
    }

    /** A new scratch directory under {@code java.io.tmpdir}. */
    static Path tempDir() {
        try {
            return Files.createTempDirectory("countd-jmh-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a scratch directory and everything in it. */
    static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code n} as tchtest's keys and values: decimal, zero-padded to 8 digits. */
    static byte[] key(int n) {
        int len = Math.max(8, Integer.toString(n).length());
        byte[] b = new byte[len];
        for (int p = len - 1; p >= 0; p--) {
            b[p] = (byte) ('0' + n % 10);
            n /= 10;
        }
        return b;
    }

    /** The keys of records 1..n, in order. */
    static byte[][] keys(int n) {
        byte[][] k = new byte[n][];
        for (int i = 0; i < n; i++) {
            k[i] = key(i + 1);
        }
        return k;
    }

    /**
     * Writes tchtest's {@code write} workload (default tuning, records 1..n with key = value) into a
     * new file at {@code path}.
     */
    static void populate(Path path, int n) {
        try (HashDatabase db = HashDatabase.builder(path).truncate().open()) {
            for (int i = 1; i <= n; i++) {
                byte[] k = key(i);
                db.put(k, k);
            }
        }
    }
}
