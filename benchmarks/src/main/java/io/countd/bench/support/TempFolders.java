package io.countd.bench.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The folders benchmarks create for their stores, removed when a trial or pass is over. */
public final class TempFolders {
    private TempFolders() {
    }

    /**
     * Deletes {@code folder} and everything under it.
     *
     * @throws UncheckedIOException when a file cannot be deleted
     */
    public static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
