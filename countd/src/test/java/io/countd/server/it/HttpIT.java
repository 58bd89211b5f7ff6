package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countd.server.http.NameJson;
import io.countd.server.metrics.PrometheusText;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of real {@code countd serve} and {@code countd-read} processes: names that only
 * percent-encoding carries (slashes, dot segments, bytes that are not UTF-8) through every
 * endpoint, the same rows as the binary protocol, metrics that parse strictly and move by exactly
 * the traffic sent, {@code countd get}, and a clean stop.
 */
class HttpIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** keyspace (as bytes) → key → count, with rank order derived from it. */
    private final Map<String, Map<String, Long>> expected = new TreeMap<>();

    private static String k(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] b(String k) {
        return k.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyEndpointOverRealProcesses() throws Exception {
        List<byte[]> keyspaces = List.of(utf8("fruit"), utf8(".."), utf8("a/b"), utf8("/"), utf8("../x"),
                new byte[] {(byte) 0xff, 1, '/'}, utf8("café"));
        List<byte[]> keys = List.of(utf8("apple"), utf8(".."), utf8("."), utf8("/"), utf8("100%"), utf8("a b?c#d"),
                new byte[] {(byte) 0x80}, utf8("日本"), utf8("k".repeat(256)));
        List<byte[]> messages = new ArrayList<>();
        int valid = 0;
        for (int s = 0; s < keyspaces.size(); s++) {
            for (int i = 0; i < keys.size(); i++) {
                long n = (s * 7L + i * 13L) % 11 - 3;
                if (n == 0) {
                    continue;
                }
                for (long part : new long[] {n + 5, -5}) {
                    messages.add(WireClient.message(part, keyspaces.get(s), keys.get(i)));
                    valid++;
                }
                expected.computeIfAbsent(k(keyspaces.get(s)), x -> new TreeMap<>()).merge(k(keys.get(i)), n, Long::sum);
            }
        }
        messages.add(WireClient.message(1, utf8("fruit"), new byte[0]));
        messages.add(WireClient.message(1, new byte[0], utf8("apple")));
        int rejected = 2;

        Path data = dir.resolve("data");
        try (CountdProcess serve = CountdProcess.start(dir.resolve("stderr"), "Countd", "serve", "--data", data.toString(),
                "--write", "127.0.0.1:0", "--read", "127.0.0.1:0", "--http", "127.0.0.1:0")) {
            assertTrue(serve.banner().contains(", HTTP on 127.0.0.1:"), serve.banner());
            InetSocketAddress reader = serve.address(1);
            HttpApiClient http = new HttpApiClient(serve.address(2));
            PrometheusText before = PrometheusText.parse(http.get("/metrics").body());

            List<String> replies = WireClient.sendAll(serve.address(0), messages, null);
            assertEquals(messages.size(), replies.size());
            assertEquals(rejected, replies.stream().filter("ERR"::equals).count());
            awaitApplied(http);

            checkListing(http);
            for (byte[] ks : keyspaces) {
                checkRows(http, reader, ks);
                for (byte[] key : keys) {
                    checkKey(http, ks, key);
                }
            }
            HttpApiClient.Reply absent = http.get("/keyspaces/fruit/keys/pineapple");
            assertEquals(404, absent.status());
            assertEquals("not_found", absent.json().get("error").asText());

            PrometheusText after = PrometheusText.parse(http.get("/metrics").body());
            assertEquals(messages.size(), delta(before, after, "countd_write_messages_received_total"));
            assertEquals(valid, delta(before, after, "countd_write_messages_acked_total"));
            assertEquals(rejected, delta(before, after, "countd_write_messages_rejected_total"));
            assertEquals(520.0 * messages.size(), delta(before, after, "countd_write_bytes_received_total"));
            assertEquals(1, delta(before, after, "countd_write_connections_opened_total"));
            assertEquals(valid, delta(before, after, "countd_commit_messages_total"));
            assertEquals(valid, delta(before, after, "countd_apply_increments_total"), "every increment applied once");
            assertTrue(delta(before, after, "countd_apply_logs_total") >= 1);
            assertTrue(delta(before, after, "countd_fsync_seconds_count") >= 1, "--fsync always forces");
            assertEquals(after.value("countd_apply_logs_total"), after.value("countd_apply_lag_seconds_count"),
                    "one lag per applied log");
            assertEquals(keyspaces.size(), after.value("countd_keyspaces"));
            double logs = 0;
            for (String state : new String[] {"empty", "full", "held"}) {
                logs += after.value("countd_commit_logs", "state", state);
            }
            assertTrue(logs >= 1, "the pool's logs are counted");
            assertEquals(0, after.value("countd_errors_total", "kind", "store"));
            assertEquals(0, after.value("countd_errors_total", "kind", "apply"));
            assertTrue(after.value("countd_http_responses_total", "code", "404") >= 1);
            JsonNode stats = http.json("/stats");
            assertEquals(after.value("countd_write_messages_acked_total"), stats.get("write").get("acked").asDouble(),
                    "the dashboard's numbers are the metrics' numbers");
            assertEquals("ok", http.json("/health").get("status").asText());

            getSubcommand(serve.address(2));
            readProcessServesTheSameApi(data, http);

            assertEquals(0, serve.terminate(), "SIGTERM stops serve cleanly");
            assertFalse(http.listening(), "the HTTP port is closed after the stop");
        }
    }

    private void awaitApplied(HttpApiClient http) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            long want = expected.values().stream().mapToLong(m -> m.values().stream().filter(v -> v != 0).count()).sum();
            long got = 0;
            for (JsonNode k : http.json("/keyspaces").get("keyspaces")) {
                got += k.get("keys").asLong();
            }
            if (got == want) {
                return;
            }
            last = got + " of " + want + " keys";
            CountdProcess.sleep(100);
        }
        throw new AssertionError("not applied within 30 s: " + last);
    }

    private List<Map.Entry<byte[], Long>> ranked(byte[] keyspace) {
        List<Map.Entry<byte[], Long>> rows = new ArrayList<>();
        expected.getOrDefault(k(keyspace), Map.of()).forEach((key, n) -> {
            if (n != 0) {
                rows.add(Map.entry(b(key), n));
            }
        });
        rows.sort((x, y) -> x.getValue().equals(y.getValue()) ? Arrays.compareUnsigned(x.getKey(), y.getKey())
                : Long.compare(y.getValue(), x.getValue()));
        return rows;
    }

    private void checkListing(HttpApiClient http) throws Exception {
        Map<String, Long> listed = new LinkedHashMap<>();
        byte[] previous = null;
        for (JsonNode k : http.json("/keyspaces").get("keyspaces")) {
            byte[] name = NameJson.read(k.get("keyspace"));
            assertTrue(previous == null || Arrays.compareUnsigned(previous, name) < 0, "sorted by name bytes");
            previous = name;
            listed.put(k(name), k.get("keys").asLong());
        }
        Map<String, Long> want = new LinkedHashMap<>();
        expected.forEach((ks, m) -> want.put(ks, m.values().stream().filter(v -> v != 0).count()));
        assertEquals(want, listed);
    }

    private void checkRows(HttpApiClient http, InetSocketAddress reader, byte[] ks) throws Exception {
        List<Map.Entry<byte[], Long>> want = ranked(ks);
        JsonNode page = http.json("/keyspaces/" + HttpApiClient.segment(ks) + "?offset=0&length=10000");
        assertArrayEquals(ks, NameJson.read(page.get("keyspace")));
        assertEquals(want.size(), page.get("total").asLong());
        JsonNode rows = page.get("rows");
        assertEquals(want.size(), rows.size());
        List<WireClient.Row> binary = WireClient.all(reader, ks, 10_000);
        for (int i = 0; i < want.size(); i++) {
            JsonNode r = rows.get(i);
            assertEquals(i, r.get("rank").asLong());
            assertArrayEquals(want.get(i).getKey(), NameJson.read(r.get("key")));
            assertEquals(want.get(i).getValue(), r.get("count").asLong());
            assertEquals(new WireClient.Row(r.get("count").asLong(), NameJson.read(r.get("key"))), binary.get(i),
                    "HTTP and the binary protocol agree");
        }
        JsonNode window = http.json("/keyspaces/" + HttpApiClient.segment(ks) + "?offset=2&length=3");
        assertEquals(Math.max(0, Math.min(3, want.size() - 2)), window.get("rows").size());
        if (window.get("rows").size() > 0) {
            assertEquals(2, window.get("rows").get(0).get("rank").asLong());
        }
    }

    private void checkKey(HttpApiClient http, byte[] ks, byte[] key) throws Exception {
        List<Map.Entry<byte[], Long>> want = ranked(ks);
        String target = "/keyspaces/" + HttpApiClient.segment(ks) + "/keys/" + HttpApiClient.segment(key);
        HttpApiClient.Reply r = http.get(target);
        for (int rank = 0; rank < want.size(); rank++) {
            if (Arrays.equals(want.get(rank).getKey(), key)) {
                assertEquals(200, r.status(), target + ": " + r.body());
                JsonNode j = r.json();
                assertArrayEquals(ks, NameJson.read(j.get("keyspace")));
                assertArrayEquals(key, NameJson.read(j.get("key")));
                assertEquals(want.get(rank).getValue(), j.get("count").asLong(), target);
                assertEquals(rank, j.get("rank").asLong(), target);
                return;
            }
        }
        assertEquals(404, r.status(), target + " is absent (count 0): " + r.body());
    }

    private static double delta(PrometheusText before, PrometheusText after, String name) {
        return after.value(name) - before.value(name);
    }

    /** {@code countd get}: a table for people, JSON for scripts, exit 1 for absent keys and dead servers. */
    private void getSubcommand(InetSocketAddress httpAddress) throws Exception {
        String url = "http://127.0.0.1:" + httpAddress.getPort();
        long apple = expected.get("fruit").get("apple");
        long rank = ranked(utf8("fruit")).stream().map(e -> k(e.getKey())).toList().indexOf("apple");
        Run table = run("get", "--http", url, "fruit", "apple");
        assertEquals(0, table.code(), table.err());
        List<String> lines = table.out().lines().toList();
        assertEquals(2, lines.size(), table.out());
        assertTrue(lines.get(0).matches("KEYSPACE +KEY +COUNT +RANK"), lines.get(0));
        assertEquals(List.of("fruit", "apple", Long.toString(apple), Long.toString(rank)),
                List.of(lines.get(1).trim().split(" +")));
        assertEquals(lines.get(0).length(), lines.get(1).length(), "columns aligned (numbers to the right)");

        Run json = run("get", "--http", url, "--json", "..", "/");
        assertEquals(0, json.code(), json.err());
        JsonNode j = JSON.readTree(json.out());
        assertEquals("..", j.get("keyspace").asText());
        assertEquals("/", j.get("key").asText());
        assertEquals((long) expected.get("..").get("/"), j.get("count").asLong());

        Run hex = run("get", "--http", url, "--json", "--hex", "ff012f", "6170706c65");
        assertEquals(0, hex.code(), hex.err());
        JsonNode h = JSON.readTree(hex.out());
        assertEquals("ff012f", h.get("keyspace").get("hex").asText());
        assertEquals("apple", h.get("key").asText());
        assertEquals((long) expected.get(k(new byte[] {(byte) 0xff, 1, '/'})).get("apple"), h.get("count").asLong());

        Run missing = run("get", "--http", url, "fruit", "pineapple");
        assertEquals(1, missing.code());
        assertEquals("", missing.out());
        assertEquals(1, missing.err().lines().count(), missing.err());
        assertTrue(missing.err().startsWith("countd get: ") && missing.err().contains("pineapple"), missing.err());

        Run dead = run("get", "--http", "http://127.0.0.1:1", "fruit", "apple");
        assertEquals(1, dead.code());
        assertEquals(1, dead.err().lines().count(), dead.err());
        assertTrue(dead.err().startsWith("countd get: cannot reach http://127.0.0.1:1"), dead.err());
    }

    /** A {@code countd-read} on the same folder answers the same API, without the write side's metrics. */
    private void readProcessServesTheSameApi(Path data, HttpApiClient serveHttp) throws Exception {
        try (CountdProcess read = CountdProcess.start(dir.resolve("stderr"), "CountdRead", "--data", data.toString(),
                "--listen", "127.0.0.1:0", "--http", "127.0.0.1:0")) {
            HttpApiClient http = new HttpApiClient(read.address(1));
            assertEquals(serveHttp.json("/keyspaces"), http.json("/keyspaces"));
            String page = "/keyspaces/" + HttpApiClient.segment(utf8("../x")) + "?length=5";
            assertEquals(serveHttp.json(page), http.json(page));
            assertEquals(serveHttp.json("/keyspaces/%2E%2E/keys/%2E%2E"), http.json("/keyspaces/%2E%2E/keys/%2E%2E"));
            PrometheusText metrics = PrometheusText.parse(http.get("/metrics").body());
            assertFalse(metrics.has("countd_write_messages_received_total"));
            assertTrue(metrics.has("countd_read_requests_total"));
            assertTrue(http.json("/stats").get("write").isNull());
            assertEquals(200, http.get("/health").status());
            assertEquals(0, read.terminate());
        }
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                CountdProcess.NATIVE_ACCESS, "-cp",
                CountdProcess.jar().toString(), "io.countd.server.cli.Countd"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "get", ".out");
        Path err = Files.createTempFile(dir, "get", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("countd " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
