package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.countd.client.CountdClient;
import io.countd.engine.HashDatabase;
import io.countd.server.store.KeyspaceStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of the admin commands: each subcommand against a running server (real daemons from
 * the jar, the commands as child processes), their tables, their {@code --json} output parsed by
 * an independent parser, their exit codes, and {@code verify} finding planted inconsistencies.
 */
class AdminCliIT {
    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    private Cli.Result countd(String... args) throws Exception {
        return Cli.run(dir.resolve("cli"), args);
    }

    private static String address(CountdProcess p, int i) {
        return p.address(i).getAddress().getHostAddress() + ":" + p.address(i).getPort();
    }

    /**
     * Waits (through the Java client, which costs no JVM start) until keyspace {@code ks} has
     * {@code keys} rows, that is until a worker applied its log, for at most a minute.
     */
    private static void awaitRows(CountdProcess serve, byte[] ks, int keys) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        try (CountdClient client = CountdClient.builder().read(serve.address(1)).build()) {
            while (client.top(ks, 0, 10_000).size() != keys) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("keyspace " + HexFormat.of().formatHex(ks) + " never showed " + keys + " rows");
                }
                CountdProcess.sleep(100);
            }
        }
    }

    @Test
    void everySubcommandAgainstARunningServe() throws Exception {
        try (CountdProcess serve = CountdProcess.start(dir.resolve("logs-of-test"), "Countd", "serve", "--data",
                data().toString(), "--write", "127.0.0.1:0", "--read", "127.0.0.1:0")) {
            String write = address(serve, 0);
            String read = address(serve, 1);

            assertEquals("WIN\n", countd("incr", "--write", write, "fruit", "apple", "3").expectExit(0).out());
            assertEquals("WIN\n", countd("incr", "--write", write, "fruit", "pear").expectExit(0).out());
            JsonNode incr = countd("incr", "--write", write, "--json", "fruit", "pear", "-2").expectExit(0).json();
            assertEquals("WIN", incr.get("reply").asText());
            assertEquals(-2, incr.get("increment").asLong());
            assertEquals("fruit", incr.get("keyspace").asText());
            incr = countd("incr", "--write", write, "--json", "--hex", "ff41ff", "0a09", "7")
                    .expectExit(0).json();
            assertEquals("ff41ff", incr.get("keyspace").get("hex").asText(), "a name that is not UTF-8");
            assertEquals("\n\t", incr.get("key").asText());
            Cli.Result refused = countd("incr", "--write", write, "", "apple");
            assertEquals(1, refused.exit(), "ERR exits 1");
            assertEquals("ERR\n", refused.out());
            assertEquals(2, countd("incr", "--write", write, "--hex", "zz", "k").exit(), "a bad argument exits 2");

            awaitRows(serve, bytes("fruit"), 2);
            JsonNode top = countd("top", "--read", read, "--json", "fruit").expectExit(0).json();
            assertEquals("[{\"rank\":0,\"key\":\"apple\",\"count\":3},{\"rank\":1,\"key\":\"pear\",\"count\":-1}]",
                    top.get("rows").toString());
            assertEquals(List.of("RANK  COUNT  KEY", "   0      3  apple", "   1     -1  pear"),
                    countd("top", "--read", read, "fruit").expectExit(0).lines());
            assertEquals(List.of("RANK  COUNT  KEY", "   1     -1  pear"),
                    countd("top", "--read", read, "fruit", "1", "5").expectExit(0).lines());
            awaitRows(serve, HexFormat.of().parseHex("ff41ff"), 1);
            assertEquals(List.of("RANK  COUNT  KEY", "   0      7  \\x0a\\x09"),
                    countd("top", "--read", read, "--hex", "ff41ff").expectExit(0).lines(), "unprintable bytes escaped");
            assertEquals(1, countd("top", "--read", read, "").exit(), "the server's error response exits 1");

            JsonNode keyspaces = countd("keyspaces", "--data", data().toString(), "--json").expectExit(0).json();
            assertEquals(2, keyspaces.get("keyspaces").size());
            JsonNode fruit = keyspaces.get("keyspaces").get(0);
            assertEquals("fruit", fruit.get("name").asText(), "sorted by name bytes: 0x66 before 0xff");
            assertEquals(2, fruit.get("keys").asLong());
            assertEquals(KeyspaceStore.fileName("fruit".getBytes(StandardCharsets.UTF_8)), fruit.get("file").asText());
            List<String> table = countd("keyspaces", "--data", data().toString()).expectExit(0).lines();
            assertTrue(table.get(0).matches("KEYSPACE +KEYS  FILE"), table::toString);
            assertTrue(table.get(1).matches("fruit +2  fruit\\.[0-9a-f]{32}\\.tch"), table::toString);
            assertTrue(table.get(2).matches("\\\\xffA\\\\xff +1  _A_\\.[0-9a-f]{32}\\.tch"), table::toString);

            JsonNode status = countd("status", "--data", data().toString(), "--write", write, "--read", read, "--json")
                    .expectExit(0).json();
            assertTrue(status.get("daemons").get("write").get("answers").asBoolean(), status::toString);
            assertTrue(status.get("daemons").get("read").get("answers").asBoolean(), status::toString);
            assertEquals(2, status.get("keyspaces").asLong());
            assertEquals(0, status.get("quarantine").asLong());
            assertTrue(status.get("logs").get("total").asLong() >= 4, status::toString);
            String people = countd("status", "--data", data().toString(), "--write", write, "--read", read).expectExit(0).out();
            assertTrue(people.contains("write       " + write), people);
            assertTrue(people.contains("answers (refused an empty name"), people);
            JsonNode nobody = countd("status", "--data", data().toString(), "--write", "127.0.0.1:1", "--json")
                    .expectExit(0).json();
            assertFalse(nobody.get("daemons").get("write").get("answers").asBoolean());

            JsonNode logs = countd("logs", "--data", data().toString(), "--json").expectExit(0).json();
            for (JsonNode log : logs.get("logs")) {
                assertTrue(List.of("empty", "full", "held").contains(log.get("state").asText()), log::toString);
                if (log.get("state").asText().equals("held")) {
                    assertEquals(serve.pid(), log.get("holder").get("pid").asLong());
                }
            }
            String header = countd("logs", "--data", data().toString()).expectExit(0).lines().get(0);
            assertTrue(header.matches("LOG {9}STATE +GENERATION +RECORDS  HOLDER"), header);
            assertEquals(0, countd("dump-log", "--data", data().toString(), "0").exit());

            JsonNode verify = countd("verify", "--json", data().toString()).expectExit(0).json();
            assertTrue(verify.get("ok").asBoolean(), verify::toString);
            assertEquals(2, verify.get("keyspaces").asLong());
            assertEquals(3, verify.get("counters").asLong());

            JsonNode bench = countd("bench", "--write", write, "-n", "20000", "-c", "2", "--keyspaces", "2", "--keys",
                    "50", "--prefix", "load", "--json").expectExit(0).json();
            assertEquals(20_000, bench.get("acknowledged").asLong());
            assertEquals(0, bench.get("refused").asLong());
            assertTrue(bench.get("latency_ms").get("p99").asDouble() >= bench.get("latency_ms").get("p50").asDouble());
            assertTrue(bench.get("latency_ms").get("max").asDouble() > 0);
            long[] total = {0};
            for (String ks : List.of("load-0", "load-1")) {
                awaitRows(serve, bytes(ks), 50);
                countd("top", "--read", read, "--json", ks, "0", "50").json().get("rows")
                        .forEach(r -> total[0] += r.get("count").asLong());
            }
            assertEquals(20_000, total[0], "every acknowledged increment counted once");
            assertEquals(0, serve.terminate());
        }
    }

    @Test
    void logsAndDumpLogShowTheRecordsNotYetAppliedWithoutDisturbingTheWriter() throws Exception {
        byte[] binary = {(byte) 0xfe, 'k'};
        try (CountdProcess writer = CountdProcess.start(dir.resolve("logs-of-test"), "CountdWrite", "--data",
                data().toString(), "--listen", "127.0.0.1:0", "--idle-seal", "10m", "--max-age", "10m")) {
            try (CountdClient client = CountdClient.builder().write(writer.address(0)).build()) {
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    acks.add(client.increment("dump", "key-" + i, i + 1));
                }
                acks.add(client.increment("dump".getBytes(StandardCharsets.UTF_8), binary, -5));
                CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).join();
            }
            JsonNode held = countd("logs", "--data", data().toString(), "--json").expectExit(0).json().get("logs").get(0);
            assertEquals("held", held.get("state").asText(), held::toString);
            assertEquals(writer.pid(), held.get("holder").get("pid").asLong());
            assertTrue(held.get("holder").get("live").asBoolean());
            assertEquals(101, held.get("records").asLong());
            assertFalse(held.get("sealed").asBoolean());
            assertEquals("0600", held.get("mode").asText());

            JsonNode dump = countd("dump-log", "--data", data().toString(), "--json", "0").expectExit(0).json();
            JsonNode records = dump.get("records");
            assertEquals(101, records.size());
            for (int i = 0; i < 100; i++) {
                assertEquals("{\"keyspace\":\"dump\",\"key\":\"key-" + i + "\",\"increment\":" + (i + 1) + "}",
                        records.get(i).toString());
            }
            assertEquals("{\"keyspace\":\"dump\",\"key\":{\"hex\":\"fe6b\"},\"increment\":-5}", records.get(100).toString());
            List<String> lines = countd("dump-log", "--data", data().toString(), "0000000000").expectExit(0).lines();
            assertTrue(lines.get(0).startsWith("log 0000000000: held, generation "), lines.get(0));
            assertEquals("KEYSPACE  KEY     INCREMENT", lines.get(1));
            assertEquals("dump      key-0           1", lines.get(2));
            assertEquals("dump      \\xfek          -5", lines.get(102));

            // The writer goes on undisturbed: it still holds the log and takes more.
            try (CountdClient client = CountdClient.builder().write(writer.address(0)).build()) {
                client.increment("dump", "later", 1).join();
            }
            assertEquals(0, writer.terminate(), "SIGTERM seals the log");
        }
        JsonNode sealed = countd("logs", "--data", data().toString(), "--json").expectExit(0).json().get("logs").get(0);
        assertEquals("full", sealed.get("state").asText(), sealed::toString);
        assertTrue(sealed.get("sealed").asBoolean());
        assertEquals(102, sealed.get("records").asLong());
        assertTrue(sealed.get("holder").isNull());
        assertEquals(102, countd("dump-log", "--data", data().toString(), "--json", "0").json().get("records").size());
        assertEquals(1, countd("dump-log", "--data", data().toString(), "99").exit(), "no such log");
        JsonNode verify = countd("verify", "--data", data().toString(), "--json").expectExit(0).json();
        assertTrue(verify.get("ok").asBoolean(), verify::toString);
    }

    @Test
    void verifyFindsACountChangedBehindTheIndexAndADamagedRankNode() throws Exception {
        try (CountdProcess serve = CountdProcess.start(dir.resolve("logs-of-test"), "Countd", "serve", "--data",
                data().toString(), "--write", "127.0.0.1:0", "--read", "127.0.0.1:0")) {
            try (CountdClient client = CountdClient.builder().write(serve.address(0)).read(serve.address(1)).build()) {
                List<CompletableFuture<Void>> acks = new ArrayList<>();
                for (String ks : List.of("counts", "nodes")) {
                    for (int k = 0; k < 600; k++) {
                        acks.add(client.increment(ks, "key-" + k, k % 37 + 1));
                    }
                }
                CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).join();
                for (String ks : List.of("counts", "nodes")) {
                    while (client.top(ks, 0, 10_000).size() < 600) {
                        CountdProcess.sleep(100);
                    }
                }
            }
            assertEquals(0, serve.terminate());
        }
        assertTrue(countd("verify", data().toString()).expectExit(0).out().endsWith("no problems found\n"));

        Path keyspaces = data().resolve("keyspaces");
        try (HashDatabase db = HashDatabase.open(keyspaces.resolve(KeyspaceStore.fileName(bytes("counts"))))) {
            db.put(bytes("key-5"), ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000).array());
        }
        try (HashDatabase db = HashDatabase.open(keyspaces.resolve(KeyspaceStore.fileName(bytes("nodes"))))) {
            byte[] nodeKey = firstNodeKey(db);
            byte[] node = db.get(nodeKey);
            db.put(nodeKey, Arrays.copyOf(node, node.length - 3));
        }

        Cli.Result text = countd("verify", data().toString()).expectExit(1);
        assertTrue(text.out().contains("problem: keyspaces/" + KeyspaceStore.fileName(bytes("counts"))
                + " (keyspace counts): counter key-5 is 1000, but the index ranks it as 6"), text.out());
        assertTrue(text.out().contains("(keyspace nodes): node "), text.out());
        assertTrue(text.out().contains("cannot be decoded"), text.out());
        JsonNode json = countd("verify", "--json", "--data", data().toString()).expectExit(1).json();
        assertFalse(json.get("ok").asBoolean());
        List<String> where = new ArrayList<>();
        json.get("problems").forEach(p -> where.add(p.get("keyspace").asText()));
        assertTrue(where.contains("counts") && where.contains("nodes"), json::toString);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The key of some rank node record ({@code \0node} + id). */
    private static byte[] firstNodeKey(HashDatabase db) {
        byte[] prefix = {0, 'n', 'o', 'd', 'e'};
        for (var it = db.iterator(); it.hasNext(); ) {
            byte[] k = it.next().key();
            if (k.length == 13 && Arrays.equals(k, 0, 5, prefix, 0, 5)) {
                return k;
            }
        }
        fail("no node record in " + HexFormat.of().formatHex(prefix));
        return null;
    }
}
