package io.countd.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A countd data folder: {@code logs/} (the commit-log pool, laid out by the pool itself),
 * {@code keyspaces/} (one engine file per keyspace) and {@code quarantine/} (what workers could
 * not apply).
 */
public record DataFolder(Path root) {
    /** Resolves {@code root} and creates it and its sub-folders when {@code create} is set. */
    public static DataFolder open(Path root, boolean create) throws IOException {
        DataFolder d = new DataFolder(root.toAbsolutePath().normalize());
        if (create) {
            Files.createDirectories(d.keyspaces());
        } else if (!Files.isDirectory(d.root)) {
            throw new IOException("no data folder at " + d.root);
        }
        return d;
    }

    public Path keyspaces() {
        return root.resolve("keyspaces");
    }

    public Path quarantine() {
        return root.resolve("quarantine");
    }
}
