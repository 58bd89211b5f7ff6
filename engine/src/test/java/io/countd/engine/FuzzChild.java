package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The corruption fuzzer of {@link CorruptionFuzzTest}, run in its own JVM with a 256 MiB heap:
 * mutates the seed files (bit flips, overwritten runs, truncations, spliced and duplicated
 * regions, header fields set huge, zero or negative, files extended sparsely to gigabytes behind a
 * believable header) and, on each mutant, as a reader and as a writer: open, iterate, get, put,
 * close. Every step must end normally or with a {@link TcException} within a second, and close
 * must release the file. Prints one summary line, then one line per failure.
 *
 * <p>usage: FuzzChild CORPUS_DIR WORK_DIR SEED COUNT
 */
public final class FuzzChild {
    private static final long LIMIT_NANOS = 1_000_000_000L;

    private final Path work;
    private final Random r;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private long slowest;

    private FuzzChild(Path work, long seed) {
        this.work = work;
        this.r = new Random(seed);
    }

    public static void main(String[] args) throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of(args[0]))) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                if (p.toString().endsWith(".tch")) {
                    seeds.add(Files.readAllBytes(p));
                }
            }
        }
        FuzzChild f = new FuzzChild(Path.of(args[1]), Long.parseLong(args[2]));
        int count = Integer.parseInt(args[3]);
        for (int i = 0; i < count && f.failures.size() < 20; i++) {
            f.one(i, seeds.get(f.r.nextInt(seeds.size())), seeds.get(f.r.nextInt(seeds.size())));
        }
        System.out.println("files " + count + " failures " + f.failures.size() + " slowest_ms " + f.slowest / 1_000_000
                + " outcomes " + f.outcomes);
        f.failures.forEach(System.out::println);
    }

    private void one(int n, byte[] seed, byte[] other) throws IOException {
        Path db = work.resolve("fuzz" + (n % 4));
        Files.deleteIfExists(db.resolveSibling(db.getFileName() + ".wal"));
        String how = mutate(db, seed, other);
        for (boolean writer : new boolean[] {false, true}) {
            String what = "file " + n + " (" + how + "), " + (writer ? "writer" : "reader");
            HashDatabase h = step(what + ", open", () -> {
                HashDatabase.Builder b = HashDatabase.builder(db).create(false).codec(ValueCodec.identity());
                return (writer ? b : b.readOnly()).open();
            });
            if (h != null) {
                List<byte[]> keys = new ArrayList<>();
                step(what + ", iterate", () -> {
                    h.stream().limit(5000).forEach(e -> {
                        if (keys.size() < 50) {
                            keys.add(e.key());
                        }
                    });
                    return null;
                });
                keys.add(("key" + r.nextInt(100)).getBytes());
                for (byte[] k : keys) {
                    step(what + ", get", () -> h.get(k));
                }
                if (writer) {
                    step(what + ", put", () -> {
                        h.put(("new" + r.nextInt(1000)).getBytes(), new byte[r.nextInt(200)]);
                        h.append(keys.get(0), "more".getBytes());
                        h.remove(keys.get(keys.size() - 1));
                        return null;
                    });
                }
                step(what + ", close", () -> {
                    h.close();
                    return null;
                });
                try {
                    h.count();
                    failures.add(what + ": usable after close");
                } catch (TcException expected) {
                    // a closed handle refuses every call
                }
            }
            released(db, what);
        }
    }

    private interface Step<T> {
        T run();
    }

    /** Runs a step: its value, or null after a TcException; anything else, or overtime, is a failure. */
    private <T> T step(String what, Step<T> s) {
        long t0 = System.nanoTime();
        T value = null;
        String outcome = "ok";
        try {
            value = s.run();
        } catch (TcException e) {
            outcome = "tc" + e.code();
        } catch (Throwable t) {
            outcome = t.getClass().getSimpleName();
            java.io.StringWriter sw = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(sw));
            failures.add(what + ": " + sw.toString().replace('\n', '|'));
        }
        long took = System.nanoTime() - t0;
        slowest = Math.max(slowest, took);
        if (took > LIMIT_NANOS) {
            failures.add(what + ": took " + took / 1_000_000 + " ms");
        }
        outcomes.merge(outcome, 1, Integer::sum);
        return value;
    }

    /** close() must have released the lock: this JVM can take it again. */
    private void released(Path db, String what) {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                failures.add(what + ": the lock is still held after close");
            } else {
                l.release();
            }
        } catch (IOException | RuntimeException e) {
            failures.add(what + ": the lock is still held after close: " + e);
        }
    }

    /** Writes a mutant of {@code seed} to {@code db}; returns what was done. */
    private String mutate(Path db, byte[] seed, byte[] other) throws IOException {
        byte[] b = seed.clone();
        int kind = r.nextInt(100);
        String how;
        if (kind < 25) {
            int flips = 1 + r.nextInt(8);
            for (int i = 0; i < flips; i++) {
                int at = r.nextInt(b.length);
                b[at] ^= (byte) (1 << r.nextInt(8));
            }
            how = flips + " bit flips";
        } else if (kind < 40) {
            int at = r.nextInt(b.length);
            int len = Math.min(b.length - at, 1 + r.nextInt(64));
            for (int i = 0; i < len; i++) {
                b[at + i] = (byte) (r.nextInt(4) == 0 ? 0 : r.nextInt(256));
            }
            how = "overwrote " + len + " bytes at " + at;
        } else if (kind < 52) {
            int len = r.nextInt(b.length);
            b = Arrays.copyOf(b, len);
            how = "truncated to " + len;
        } else if (kind < 64) {
            int from = r.nextInt(other.length);
            int len = Math.min(other.length - from, 16 + r.nextInt(512));
            int to = 256 + r.nextInt(Math.max(1, b.length - 256));
            for (int i = 0; i < len && to + i < b.length; i++) {
                b[to + i] = other[from + i];
            }
            how = "spliced " + len + " bytes to " + to;
        } else if (kind < 72) {
            int from = 256 + r.nextInt(Math.max(1, b.length - 256));
            int len = Math.min(b.length - from, 16 + r.nextInt(512));
            int to = 256 + r.nextInt(Math.max(1, b.length - 256));
            byte[] grown = new byte[b.length + len];
            System.arraycopy(b, 0, grown, 0, to);
            System.arraycopy(b, from, grown, to, len);
            System.arraycopy(b, to, grown, to + len, b.length - to);
            b = grown;
            how = "duplicated " + len + " bytes at " + to;
        } else if (kind < 94) {
            how = header(b);
        } else {
            return sparse(db, b);
        }
        Files.write(db, b);
        return how;
    }

    private String header(byte[] b) {
        if (b.length < 256) {
            return "short";
        }
        ByteBuffer h = ByteBuffer.wrap(b).order(r.nextBoolean() ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
        int[] fields = {Header.OFF_BNUM, Header.OFF_RNUM, Header.OFF_FSIZ, Header.OFF_FREC};
        long[] values = {0, -1, 1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 31, 1L << 32, (1L << 31) - 1, 300L << 20,
            b.length, b.length + 1L, r.nextLong()};
        int field = r.nextInt(fields.length + 4);
        if (field < fields.length) {
            long v = values[r.nextInt(values.length)];
            h.putLong(fields[field], v);
            return "header field at " + fields[field] + " set to " + v;
        }
        int off = new int[] {Header.OFF_APOW, Header.OFF_FPOW, Header.OFF_OPTS, Header.OFF_FLAGS}[field - fields.length];
        int v = new int[] {0, 1, 16, 17, 20, 21, 0x7f, 0x80, 0xff}[r.nextInt(9)];
        b[off] = (byte) v;
        return "header byte " + off + " set to " + v;
    }

    /** The seed's header claims gigabytes, and the file really is that long (sparse). */
    private String sparse(Path db, byte[] b) throws IOException {
        if (b.length < 256) {
            Files.write(db, b);
            return "short";
        }
        long size = (1L + r.nextInt(4)) << 30;
        ByteBuffer h = ByteBuffer.wrap(b);
        h.order(h.getLong(Header.OFF_FREC) > 0 && h.getLong(Header.OFF_FREC) < b.length ? java.nio.ByteOrder.BIG_ENDIAN
                : java.nio.ByteOrder.LITTLE_ENDIAN);
        h.putLong(Header.OFF_FSIZ, size);
        if (r.nextBoolean()) {
            h.putLong(Header.OFF_RNUM, size / 64);
        }
        Files.write(db, b);
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0}), size - 1);
        }
        return "extended sparsely to " + size + " bytes";
    }
}
