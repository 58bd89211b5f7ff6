package io.countd.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** File helpers for tests: digests, comparisons with a readable first difference, the project root. */
public final class TestFiles {
    private TestFiles() {
    }

    public static String md5(Path p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null if the files are equal, else where and how they first differ. */
    public static String firstDifference(Path a, Path b) {
        try {
            byte[] x = Files.readAllBytes(a);
            byte[] y = Files.readAllBytes(b);
            int n = Math.min(x.length, y.length);
            for (int i = 0; i < n; i++) {
                if (x[i] != y[i]) {
                    return String.format("first difference at offset %d (0x%x): %02x vs %02x; sizes %d and %d", i, i,
                            x[i] & 0xFF, y[i] & 0xFF, x.length, y.length);
                }
            }
            return x.length == y.length ? null : "sizes differ: " + x.length + " and " + y.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project root: the nearest folder upwards holding format-spec/. */
    public static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("format-spec"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("no format-spec/ above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
