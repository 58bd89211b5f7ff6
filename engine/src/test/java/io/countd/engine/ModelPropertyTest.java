package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicktheories.core.Gen;

/**
 * Random operation sequences, with reopens, transactions, defragmentation and optimize, agree at
 * every step with a {@link HashMap}: each touched key's value, the record count, and the full
 * iteration; through a memory map and without one. QuickTheories shrinks a failure to a minimal
 * sequence and prints its seed.
 */
class ModelPropertyTest {
    private static final int KEYS = 24;

    @TempDir
    Path dir;

    private final AtomicInteger files = new AtomicInteger();

    /** One step: what to do, to which key, with what value. */
    record Op(Kind kind, int key, int length, int fill) {
        @Override
        public String toString() {
            return kind + (kind.keyed ? " k" + key : "") + (kind.valued ? " " + length + "x" + fill : "");
        }
    }

    enum Kind {
        PUT(true, true), KEEP(true, true), CAT(true, true), REMOVE(true, false), ADD_INT(true, false),
        REOPEN(false, false), DEFRAG(false, false), OPTIMIZE(false, false), BEGIN(false, false),
        COMMIT(false, false), ABORT(false, false);

        final boolean keyed;
        final boolean valued;

        Kind(boolean keyed, boolean valued) {
            this.keyed = keyed;
            this.valued = valued;
        }
    }

    /** Tuning that makes collisions, reuse and splits frequent. */
    record Tuning(long bnum, int apow, int fpow) {
    }

    private static Gen<Op> ops() {
        Gen<Kind> kinds = integers().between(0, 99).map(n -> n < 30 ? Kind.PUT : n < 40 ? Kind.KEEP
                : n < 55 ? Kind.CAT : n < 75 ? Kind.REMOVE : n < 82 ? Kind.ADD_INT : n < 87 ? Kind.REOPEN
                : n < 90 ? Kind.DEFRAG : n < 91 ? Kind.OPTIMIZE : n < 95 ? Kind.BEGIN : n < 98 ? Kind.COMMIT
                : Kind.ABORT);
        Gen<Integer> lengths = integers().between(0, 99).zip(integers().between(0, 3000),
                (d, n) -> d < 80 ? n % 40 : d < 97 ? n : n * 30);
        return kinds.zip(integers().between(0, KEYS - 1), lengths, integers().between(0, 255), Op::new);
    }

    private static Gen<Tuning> tunings() {
        return integers().between(0, 3).zip(integers().between(0, 8), integers().between(0, 10),
                (b, a, f) -> new Tuning(new long[] {1, 3, 7, 131071}[b], a, f));
    }

    /** Whether the handles of the current run use a memory map. */
    private boolean mapped;

    /** The last failing input QuickTheories tried: after its shrinking, the smallest it found. */
    private Tuning failedTuning;
    private List<Op> failedOps;

    @ParameterizedTest(name = "memory-mapped {0}")
    @ValueSource(booleans = {true, false})
    void engineAgreesWithAMapAfterEveryStep(boolean mapped) {
        this.mapped = mapped;
        try {
            qt().withExamples(Integer.getInteger("model.examples", 200)).withShrinkCycles(1000)
                    .forAll(tunings(), lists().of(ops()).ofSizeBetween(1, 120))
                    .checkAssert((tuning, ops) -> {
                        try {
                            runAgainstModel(tuning, ops);
                        } catch (RuntimeException | AssertionError e) {
                            failedTuning = tuning;
                            failedOps = ops;
                            throw e;
                        }
                    });
        } catch (AssertionError e) {
            if (failedOps == null) {
                throw e;
            }
            List<Op> minimal = minimize(failedTuning, failedOps);
            throw new AssertionError("minimal failing sequence for " + failedTuning + (mapped ? "" : " without a map")
                    + ": " + minimal + "\nfailure: "
                    + failure(failedTuning, minimal) + "\n" + e.getMessage(), e);
        }
    }

    /**
     * QuickTheories simplifies values but rarely drops list elements; this removes operations one
     * at a time, for as long as the failure persists, until no single operation can go.
     */
    private List<Op> minimize(Tuning tuning, List<Op> ops) {
        List<Op> current = new ArrayList<>(ops);
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = current.size() - 1; i >= 0; i--) {
                List<Op> candidate = new ArrayList<>(current);
                candidate.remove(i);
                if (failure(tuning, candidate) != null) {
                    current = candidate;
                    progress = true;
                }
            }
        }
        return current;
    }

    private Throwable failure(Tuning tuning, List<Op> ops) {
        try {
            runAgainstModel(tuning, ops);
            return null;
        } catch (RuntimeException | AssertionError e) {
            return e;
        }
    }

    private void runAgainstModel(Tuning tuning, List<Op> ops) {
        Path file = dir.resolve("model-" + files.incrementAndGet() + ".tch");
        Map<Integer, byte[]> model = new HashMap<>();
        Map<Integer, byte[]> snapshot = null;
        HashDatabase db = HashDatabase.builder(file).memoryMapped(mapped).truncate().buckets(tuning.bnum())
                .alignmentPower(tuning.apow()).freeBlockPoolPower(tuning.fpow()).open();
        try {
            for (Op op : ops) {
                byte[] k = key(op.key());
                byte[] v = new byte[op.length()];
                Arrays.fill(v, (byte) op.fill());
                switch (op.kind()) {
                    case PUT -> {
                        db.put(k, v);
                        model.put(op.key(), v);
                    }
                    case KEEP -> assertEquals(model.putIfAbsent(op.key(), v) == null, db.putIfAbsent(k, v), "putkeep");
                    case CAT -> {
                        db.append(k, v);
                        model.merge(op.key(), v, ModelPropertyTest::concat);
                    }
                    case REMOVE -> assertEquals(model.remove(op.key()) != null, db.remove(k), "remove");
                    case ADD_INT -> addInt(db, model, op);
                    case REOPEN -> {
                        db.close();
                        db = HashDatabase.builder(file).memoryMapped(mapped).create(false).open();
                        if (snapshot != null) {
                            model = snapshot;
                            snapshot = null;
                        }
                    }
                    case DEFRAG -> db.defragment(op.length() % 3 == 0 ? 0 : 1 + op.length() % 50);
                    case OPTIMIZE -> {
                        if (snapshot == null) {
                            db.optimize();
                        }
                    }
                    case BEGIN -> {
                        if (snapshot == null) {
                            db.beginTransaction();
                            snapshot = copy(model);
                        }
                    }
                    case COMMIT -> {
                        if (snapshot != null) {
                            db.commitTransaction();
                            snapshot = null;
                        }
                    }
                    case ABORT -> {
                        if (snapshot != null) {
                            db.abortTransaction();
                            model = snapshot;
                            snapshot = null;
                        }
                    }
                }
                check(db, model, op);
            }
        } finally {
            db.close();
        }
        if (snapshot != null) {
            model = snapshot;
        }
        try (HashDatabase reopened = HashDatabase.builder(file).memoryMapped(mapped).readOnly().open()) {
            check(reopened, model, null);
        }
    }

    private static void addInt(HashDatabase db, Map<Integer, byte[]> model, Op op) {
        int delta = op.length() - 1500;
        byte[] old = model.get(op.key());
        if (old != null && old.length != 4) {
            TcException e = org.junit.jupiter.api.Assertions.assertThrows(TcException.class,
                    () -> db.addInt(key(op.key()), delta));
            assertEquals(TcError.KEEP, e.error());
            return;
        }
        int expected = (old == null ? 0 : ByteBuffer.wrap(old).order(ByteOrder.LITTLE_ENDIAN).getInt()) + delta;
        assertEquals(expected, db.addInt(key(op.key()), delta), "addint");
        model.put(op.key(), ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(expected).array());
    }

    private static void check(HashDatabase db, Map<Integer, byte[]> model, Op op) {
        if (op != null && op.kind().keyed) {
            assertArrayEquals(model.get(op.key()), db.get(key(op.key())), () -> "get after " + op);
        }
        assertEquals(model.size(), db.count(), () -> "count after " + op);
        Map<String, String> expected = new TreeMap<>();
        model.forEach((k, v) -> expected.put(Listing.hex(key(k)), Listing.hex(v)));
        Map<String, String> actual = new TreeMap<>();
        List<Entry> entries = new ArrayList<>();
        db.iterator().forEachRemaining(entries::add);
        for (Entry e : entries) {
            actual.put(Listing.hex(e.key()), Listing.hex(e.value()));
        }
        assertEquals(model.size(), entries.size(), () -> "iteration length after " + op);
        assertEquals(expected, actual, () -> "iteration after " + op);
    }

    private static byte[] key(int i) {
        return i == 0 ? new byte[0] : ("key" + i + "-".repeat(i % 5)).getBytes();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static Map<Integer, byte[]> copy(Map<Integer, byte[]> m) {
        return new HashMap<>(m);
    }
}
