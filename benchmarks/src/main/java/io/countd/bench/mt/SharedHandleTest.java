package io.countd.bench.mt;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcException;
import java.io.PrintStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code tchmttest}'s {@code write} and {@code read} on the engine: {@code tnum} threads share one
 * handle; thread {@code id} works on keys {@code id * rnum + 1 .. id * rnum + rnum} printed as
 * {@code %08d} (value = key), in order, or with {@code -rnd} at random within its range (as C's
 * threads draw them, with another generator). {@code write} stores {@code rnum} records per thread
 * into a new file; {@code read} fetches {@code records / tnum} per thread. Prints the record
 * count, {@code time:} (seconds from before the open to after the close, the span C measures)
 * and {@code ok}; a failure prints a message to standard error and exits with 1.
 *
 * <pre>
 * write [-rnd] [-le] path tnum rnum [bnum]
 * read [-rnd] path tnum
 * </pre>
 */
public final class SharedHandleTest {
    private static final String USAGE = "usage: SharedHandleTest write [-rnd] [-le] path tnum rnum [bnum]\n"
            + "       SharedHandleTest read [-rnd] path tnum\n";

    private final boolean write;
    private boolean rnd;
    private ByteOrder order = ByteOrder.BIG_ENDIAN;
    private String path;
    private int tnum;
    private int rnum;
    private long bnum = -1;

    private SharedHandleTest(boolean write) {
        this.write = write;
    }

    public static void main(String[] args) {
        System.exit(runs(args, 1, System.out, System.err));
    }

    /**
     * Runs the test {@code runs} times with the same arguments (a {@code write} truncates its file
     * each time) and prints the last run's report to {@code out}, or a failure to {@code err};
     * returns the exit status.
     */
    static int runs(String[] args, int runs, PrintStream out, PrintStream err) {
        String report = null;
        try {
            SharedHandleTest test = parse(args);
            for (int run = 0; run < runs; run++) {
                report = test.run();
            }
        } catch (IllegalArgumentException | TcException e) {
            err.print("SharedHandleTest: " + e.getMessage() + "\n");
            err.flush();
            return 1;
        }
        out.print(report);
        out.flush();
        return 0;
    }

    /** Reads a command line; IllegalArgumentException with the usage text if it is not one. */
    static SharedHandleTest parse(String[] args) {
        if (args.length < 1 || !(args[0].equals("write") || args[0].equals("read"))) {
            throw new IllegalArgumentException(USAGE);
        }
        SharedHandleTest t = new SharedHandleTest(args[0].equals("write"));
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "-rnd" -> t.rnd = true;
                case "-le" -> t.order = ByteOrder.LITTLE_ENDIAN;
                default -> positional.add(args[i]);
            }
        }
        int wanted = t.write ? 3 : 2;
        if (positional.size() < wanted || positional.size() > (t.write ? 4 : 2)) {
            throw new IllegalArgumentException(USAGE);
        }
        t.path = positional.get(0);
        t.tnum = number(positional.get(1));
        if (t.write) {
            t.rnum = number(positional.get(2));
            t.bnum = positional.size() > 3 ? number(positional.get(3)) : -1;
        }
        if (t.tnum < 1 || (t.write && (t.rnum < 1 || (long) t.tnum * t.rnum >= 100_000_000L))) {
            throw new IllegalArgumentException("tnum and rnum must be positive, tnum * rnum below 100000000\n" + USAGE);
        }
        return t;
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + s + "\n" + USAGE);
        }
    }

    /** Runs the test; returns the report. */
    String run() {
        long start = System.nanoTime();
        HashDatabase.Builder b = HashDatabase.builder(Path.of(path));
        if (write) {
            b.truncate().byteOrder(order).buckets(bnum);
        } else {
            b.readOnly();
        }
        long records;
        try (HashDatabase db = b.open()) {
            int perThread = write ? rnum : (int) (db.count() / tnum);
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int id = 0; id < tnum; id++) {
                int base = id * perThread;
                int seed = id;
                Thread t = new Thread(() -> {
                    try {
                        work(db, base, perThread, new SplittableRandom(seed));
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
            records = db.count();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "record number: %d%ntime: %.3f%nok%n", records, seconds);
    }

    private void work(HashDatabase db, int base, int count, SplittableRandom random) {
        byte[] key = new byte[8];
        for (int i = 1; i <= count; i++) {
            // C's write draws in [0, i), its read in [1, count].
            int n = base + (!rnd ? i : write ? random.nextInt(i) : random.nextInt(count) + 1);
            for (int p = 7; p >= 0; p--, n /= 10) {
                key[p] = (byte) ('0' + n % 10);
            }
            if (write) {
                db.put(key, key);
            } else if (db.get(key) == null && !rnd) {
                throw new IllegalStateException("record missing: " + new String(key, StandardCharsets.US_ASCII));
            }
        }
    }
}
