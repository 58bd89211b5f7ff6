package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A process writing through the engine is killed with SIGKILL: the file stays marked open, and
 * both tchmgr and the engine read every record whose put returned before the kill; the next writer
 * clears the flag. A transaction cut short by a kill is rolled back from the write-ahead log at the
 * next open, by either implementation, and a transaction the C library left behind is rolled back
 * by the engine.
 */
class CrashTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireOracle() {
        TcOracle.requireBinaries();
    }

    static byte[] key(int i) {
        return String.format("crash-%08d", i).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] value(int i) {
        return ("value-" + i + "-").repeat(1 + i % 13).getBytes(StandardCharsets.US_ASCII);
    }

    private Process child(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String[] cmd = new String[args.length + 4];
        cmd[0] = java;
        cmd[1] = "-cp";
        cmd[2] = System.getProperty("java.class.path");
        cmd[3] = CrashChild.class.getName();
        System.arraycopy(args, 0, cmd, 4, args.length);
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @ParameterizedTest(name = "mapped size {0}")
    @ValueSource(longs = {67108864, 0})
    void recordsPutBeforeSigkillSurvive(long mappedSize) throws Exception {
        Path db = dir.resolve("casket");
        Process p = child("puts", db.toString(), String.valueOf(mappedSize));
        int acknowledged = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while (acknowledged < 4000 && (line = in.readLine()) != null) {
                acknowledged = Integer.parseInt(line);
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acknowledged >= 4000, "the writer stopped early");
        ProcessResult inform = TcOracle.runOk(dir, "tchmgr", "inform", "casket");
        assertTrue(inform.out().contains("additional flags: open\n"), inform::toString);

        Map<String, String> listed = new HashMap<>();
        for (String line : TcOracle.runOk(dir, "tchmgr", "list", "-pv", "casket").out().split("\n")) {
            String[] kv = line.split("\t", 2);
            listed.put(kv[0], kv[1]);
        }
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertTrue(h.info().open());
            for (int i = 1; i <= acknowledged; i++) {
                boolean removed = i % 10 == 5 && i + 5 <= acknowledged;
                String k = new String(key(i), StandardCharsets.US_ASCII);
                if (removed) {
                    assertFalse(listed.containsKey(k), k);
                    assertEquals(null, h.get(key(i)), k);
                } else {
                    assertEquals(new String(value(i), StandardCharsets.US_ASCII), listed.get(k), k);
                    assertArrayEquals(value(i), h.get(key(i)), k);
                }
            }
        }
        TcOracle.runOk(dir, "tchmgr", "put", "casket", "after", "crash");
        ProcessResult after = TcOracle.runOk(dir, "tchmgr", "inform", "casket");
        assertTrue(after.out().contains("additional flags:\n"), after::toString);
        try (HashDatabase h = HashDatabase.open(db)) {
            assertEquals("crash", h.get("after"));
            h.put("engine", "too");
        }
        assertEquals("too\n", TcOracle.runOk(dir, "tchmgr", "get", "casket", "engine").out());
    }

    @Test
    void transactionKilledMidwayIsRolledBackByTchmgr() throws Exception {
        Path db = killInsideTransaction();
        assertTrue(Files.exists(dir.resolve("casket.wal")), "the log must survive the kill");
        String list = TcOracle.runOk(dir, "tchmgr", "list", "-pv", "casket").out();
        assertEquals(expectedBeforeTransaction(), list);
        assertFalse(Files.exists(dir.resolve("casket.wal")), "tchmgr removes the log after rolling back");
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertEquals(100, h.count());
        }
    }

    @Test
    void transactionKilledMidwayIsRolledBackByTheEngineEvenReadOnly() throws Exception {
        Path db = killInsideTransaction();
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertEquals(100, h.count());
            assertEquals("original-7", h.get("base-7"));
            assertEquals("original-77", h.get("base-77"));
            assertEquals(null, h.get("tran-3"));
        }
        assertFalse(Files.exists(dir.resolve("casket.wal")));
        assertEquals(expectedBeforeTransaction(), TcOracle.runOk(dir, "tchmgr", "list", "-pv", "casket").out());
        ProcessResult inform = TcOracle.runOk(dir, "tchmgr", "inform", "casket");
        assertTrue(inform.out().contains("additional flags:\n"), inform::toString);
    }

    private Path killInsideTransaction() throws Exception {
        Path db = dir.resolve("casket");
        Process p = child("transaction", db.toString());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            assertEquals("ready", in.readLine());
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        }
        return db;
    }

    private static String expectedBeforeTransaction() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append("base-").append(i).append("\toriginal-").append(i).append('\n');
        }
        return sb.toString();
    }

    @Test
    void transactionLeftByTheCLibraryIsRolledBackByTheEngine() throws Exception {
        Path runner = TcOracle.compile("oprunner");
        StringBuilder before = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            before.append("P ").append(String.format("%02x%02x", 0x61 + i % 26, i)).append(' ').append(i * 3)
                    .append(" 41\n");
        }
        StringBuilder tran = new StringBuilder("T\n");
        for (int i = 0; i < 200; i += 2) {
            tran.append("O ").append(String.format("%02x%02x", 0x61 + i % 26, i)).append('\n');
        }
        for (int i = 0; i < 100; i++) {
            tran.append("C ").append(String.format("%02x%02x", 0x7a, i)).append(" 5000 42\n");
        }
        Path expected = dir.resolve("expected.tch");
        runOps(runner, expected, before.toString());
        Path db = dir.resolve("casket");
        runOps(runner, db, before + tran.toString() + "X\n");
        assertTrue(Files.exists(dir.resolve("casket.wal")), "the C process must leave its log behind");
        try (HashDatabase h = HashDatabase.openReadOnly(db)) {
            assertEquals(200, h.count());
        }
        assertFalse(Files.exists(dir.resolve("casket.wal")));
        assertEquals(TcOracle.runOk(dir, "tchmgr", "list", "-pv", "-px", "expected.tch").out(),
                TcOracle.runOk(dir, "tchmgr", "list", "-pv", "-px", "casket").out());
    }

    private void runOps(Path runner, Path db, String ops) {
        ProcessResult r = TcOracle.run(dir, 60, Map.of(), ops.getBytes(StandardCharsets.US_ASCII), runner.toString(),
                db.toString(), "31", "4", "10", "0", "0");
        assertEquals(0, r.exitCode(), r::toString);
    }
}
