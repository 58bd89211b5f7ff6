package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files written by the engine are read and modified by the reference implementation: tchtest reads
 * and removes the tchtest workload, tchmgr lists binary records exactly, engine and tchmgr take
 * turns on one file without disturbing the golden result, file locks interoperate both ways, and
 * a little-endian file is rejected by Debian's big-endian build as TC rejects foreign files.
 */
class JavaWritesCReadsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireOracle() {
        TcOracle.requireBinaries();
    }

    @ParameterizedTest(name = "{0} records")
    @ValueSource(ints = {1000, 100000})
    void tchtestReadsAndRemovesTheWorkload(int n) {
        Workloads.write(dir.resolve("casket"), ByteOrder.BIG_ENDIAN, n, -1, false, true);
        ProcessResult read = TcOracle.runOk(dir, "tchtest", "read", "casket");
        assertTrue(read.out().endsWith("ok\n\n"), read::toString);
        ProcessResult remove = TcOracle.runOk(dir, "tchtest", "remove", "casket");
        assertTrue(remove.out().contains("record number: 0\n"), remove::toString);
        assertTrue(remove.out().endsWith("ok\n\n"), remove::toString);
        try (HashDatabase db = HashDatabase.openReadOnly(dir.resolve("casket"))) {
            assertEquals(0, db.count());
        }
    }

    /** Each option set with the word tchmgr inform prints for it. */
    @ParameterizedTest(name = "options:{0}")
    @ValueSource(strings = {"", " large", " deflate", " bzip", " tcbs", " excodec", " large deflate"})
    void tchmgrListsAndGetsBinaryRecords(String informed) {
        Path db = dir.resolve("casket");
        Map<String, String> records = new LinkedHashMap<>();
        HashDatabase.Builder b = HashDatabase.builder(db).truncate().buckets(61).alignmentPower(3)
                .codec(ValueCodec.identity());
        for (String word : informed.trim().split(" ")) {
            if (!word.isEmpty()) {
                b.options(Option.valueOf(word.toUpperCase(java.util.Locale.ROOT)));
            }
        }
        try (HashDatabase h = b.open()) {
            put(h, records, new byte[0], "empty key".getBytes());
            put(h, records, new byte[] {0}, new byte[0]);
            put(h, records, new byte[] {(byte) 0xff, (byte) 0x80, 0, 0x7f}, new byte[] {0, (byte) 0xff});
            put(h, records, "k".repeat(200).getBytes(), "v".repeat(20000).getBytes());
            for (int i = 0; i < 500; i++) {
                put(h, records, String.format("key-%d", i * 31).getBytes(), String.valueOf(i).repeat(i % 50).getBytes());
            }
            for (int i = 0; i < 500; i += 4) {
                byte[] k = String.format("key-%d", i * 31).getBytes();
                h.remove(k);
                records.remove(HexFormat.of().formatHex(k));
            }
            assertEquals(records.size(), h.count());
        }
        ProcessResult list = TcOracle.runOk(dir, "tchmgr", "list", "-pv", "-px", "casket");
        try (HashDatabase h = HashDatabase.builder(db).readOnly().codec(ValueCodec.identity()).open()) {
            assertEquals(Listing.of(h), list.out());
        }
        int checked = 0;
        for (Map.Entry<String, String> r : records.entrySet()) {
            if (checked++ % 25 != 0 && r.getKey().length() > 2) {
                continue;
            }
            ProcessResult get = TcOracle.runOk(dir, "tchmgr", "get", "-sx", "-px", "casket", r.getKey());
            assertEquals(Listing.hex(HexFormat.of().parseHex(r.getValue())) + "\n", get.out(), r.getKey());
        }
        ProcessResult inform = TcOracle.runOk(dir, "tchmgr", "inform", "casket");
        assertTrue(inform.out().contains("bucket number: 61\n"), inform::toString);
        assertTrue(inform.out().contains("alignment: 8\n"), inform::toString);
        assertTrue(inform.out().contains("free block pool: 1024\n"), inform::toString);
        assertTrue(inform.out().contains("options:" + informed + "\n"), inform::toString);
        assertTrue(inform.out().contains("record number: " + records.size() + "\n"), inform::toString);
        assertTrue(inform.out().contains("additional flags:\n"), inform::toString);
    }

    private static void put(HashDatabase h, Map<String, String> model, byte[] k, byte[] v) {
        h.put(k, v);
        model.put(HexFormat.of().formatHex(k), HexFormat.of().formatHex(v));
    }

    @Test
    void checkHdbSequenceInterleavedWithTchmgrKeepsTheGoldenFiles() {
        Path db = dir.resolve("casket");
        Turns t = new Turns(db);
        t.c("create", "casket", "3", "1", "1");
        t.java(h -> h.put("one", "first"));
        t.c("put", "casket", "two", "second");
        t.java(h -> h.putIfAbsent("three", "third"));
        t.c("put", "-dc", "casket", "three", "third");
        t.java(h -> h.append("three", "third"));
        t.c("put", "-dc", "casket", "three", "third");
        t.java(h -> h.put("four", "fourth"));
        t.c("put", "-dk", "casket", "five", "fifth");
        t.java(h -> h.remove("one"));
        t.c("out", "casket", "two");
        assertEquals(Vectors.golden("checkhdb-before"), TestFiles.md5(db));
        assertEquals("five\tfifth\nfour\tfourth\nthree\tthirdthirdthirdthird\n",
                TcOracle.runOk(dir, "tchmgr", "list", "-pv", "casket").out());
        t.java(HashDatabase::optimize);
        t.c("put", "-dc", "casket", "three", "third");
        assertEquals(Vectors.golden("checkhdb-after-optimize"), TestFiles.md5(db));
    }

    @Test
    void scenarioInterleavedWithTchmgrKeepsTheGoldenFile() {
        Path db = dir.resolve("casket");
        Turns t = new Turns(db);
        t.java(null);
        HashDatabase.builder(db).truncate().buckets(17).alignmentPower(4).freeBlockPoolPower(10).open().close();
        for (int i = 0; i < 200; i++) {
            String key = "k" + (7 * i) % 50;
            String value = "v".repeat((13 * i) % 40) + i;
            boolean c = (i / 3) % 2 == 0;
            switch (i % 5) {
                case 0, 1 -> t.either(c, h -> h.put(key, value), "put", "casket", key, value);
                case 2 -> t.either(c, h -> h.remove(key), "out", "casket", key);
                case 3 -> t.either(c, h -> h.append(key, "cat"), "put", "-dc", "casket", key, "cat");
                default -> t.either(c, h -> h.putIfAbsent(key, "keep"), "put", "-dk", "casket", key, "keep");
            }
        }
        assertEquals(Vectors.golden("scenario-200"), TestFiles.md5(db));
    }

    /** Alternates single operations between the engine and the real tchmgr on one file. */
    private final class Turns {
        private final Path db;

        Turns(Path db) {
            this.db = db;
        }

        void c(String... args) {
            String[] cmd = new String[args.length + 1];
            cmd[0] = "tchmgr";
            System.arraycopy(args, 0, cmd, 1, args.length);
            ProcessResult r = TcOracle.run(dir, 60, cmd);
            boolean expectedFailure = r.err().contains(": 21: existing record") || r.err().contains(": 22: no record");
            assertTrue(r.exitCode() == 0 || expectedFailure, r::toString);
        }

        void java(Consumer<HashDatabase> op) {
            if (op == null) {
                return;
            }
            try (HashDatabase h = HashDatabase.builder(db).create(false).open()) {
                op.accept(h);
            }
        }

        void either(boolean useC, Consumer<HashDatabase> op, String... args) {
            if (useC) {
                c(args);
            } else {
                java(op);
            }
        }
    }

    @Test
    void javaWriterLockBlocksTchmgrAndJavaReaderSharesWithIt() {
        Path db = dir.resolve("casket");
        Workloads.write(db, ByteOrder.BIG_ENDIAN, 10, -1, false, true);
        try (HashDatabase w = HashDatabase.open(db)) {
            ProcessResult r = TcOracle.run(dir, 30, "tchmgr", "inform", "-nb", "casket");
            assertEquals(1, r.exitCode(), r::toString);
            assertEquals("tchmgr: -: 16: lock error\n", r.err());
            assertEquals(10, w.count());
        }
        try (HashDatabase r = HashDatabase.openReadOnly(db)) {
            ProcessResult inform = TcOracle.run(dir, 30, "tchmgr", "inform", "-nb", "casket");
            assertEquals(0, inform.exitCode(), inform::toString);
            ProcessResult put = TcOracle.run(dir, 30, "tchmgr", "put", "-nb", "casket", "x", "y");
            assertEquals(1, put.exitCode(), put::toString);
            assertEquals("tchmgr: -: 16: lock error\n", put.err());
            assertEquals(10, r.count());
        }
        assertEquals(0, TcOracle.run(dir, 30, "tchmgr", "put", "-nb", "casket", "x", "y").exitCode());
    }

    @Test
    void lockHeldByTheCLibraryStopsOrDelaysTheEngine() throws Exception {
        Path db = dir.resolve("casket");
        Workloads.write(db, ByteOrder.BIG_ENDIAN, 10, -1, false, true);
        Path holder = TcOracle.compile("holdlock");
        Process writer = new ProcessBuilder(holder.toString(), db.toString(), "writer").start();
        try {
            awaitLocked(writer);
            TcException e = assertThrows(TcException.class,
                    () -> HashDatabase.builder(db).readOnly().lockNonBlocking().open());
            assertEquals(TcError.LOCK, e.error());
            CompletableFuture<Long> blocked = CompletableFuture.supplyAsync(() -> {
                try (HashDatabase h = HashDatabase.openReadOnly(db)) {
                    return h.count();
                }
            });
            Thread.sleep(300);
            assertFalse(blocked.isDone(), "a blocking open must wait for the C writer");
            writer.getOutputStream().close();
            assertEquals(10L, blocked.get(30, TimeUnit.SECONDS));
        } finally {
            writer.destroyForcibly().waitFor();
        }
        Process reader = new ProcessBuilder(holder.toString(), db.toString(), "reader").start();
        try {
            awaitLocked(reader);
            try (HashDatabase h = HashDatabase.builder(db).readOnly().lockNonBlocking().open()) {
                assertEquals(10, h.count());
            }
            TcException e = assertThrows(TcException.class, () -> HashDatabase.builder(db).lockNonBlocking().open());
            assertEquals(TcError.LOCK, e.error());
        } finally {
            reader.getOutputStream().close();
            reader.waitFor(30, TimeUnit.SECONDS);
            reader.destroyForcibly();
        }
    }

    private static void awaitLocked(Process p) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return in.readLine();
            } catch (java.io.IOException e) {
                return null;
            }
        }).get(30, TimeUnit.SECONDS);
        assertEquals("locked", line, "the C lock holder did not start");
    }

    @Test
    void debianRejectsLittleEndianFilesAsTcRejectsForeignFlavours() {
        Path db = dir.resolve("casket");
        Workloads.write(db, ByteOrder.LITTLE_ENDIAN, 100, -1, false, true);
        ProcessResult r = TcOracle.run(dir, 30, "tchmgr", "inform", "casket");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("tchmgr: -: 5: invalid meta data\n", r.err());
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertEquals(ByteOrder.LITTLE_ENDIAN, h.info().byteOrder());
            assertEquals(100, h.count());
        }
    }
}
