package io.countd.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countd.server.metrics.CountdMetrics;
import io.countd.server.metrics.PrometheusText;
import io.countd.server.store.Deltas;
import io.countd.server.store.KeyspaceStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP server in this JVM over a real keyspace store, through real sockets: every endpoint,
 * names that only percent-encoding can carry, errors and their JSON bodies, and the protocol's
 * edges (HEAD, pipelining, keep-alive, half-close, oversized and malformed requests, many
 * connections).
 */
class HttpServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private KeyspaceStore store;
    private HttpServer server;
    private final AtomicBoolean daemonUp = new AtomicBoolean(true);

    @BeforeEach
    void start() {
        store = KeyspaceStore.open(dir.resolve("keyspaces"), KeyspaceStore.Access.READ_WRITE);
        apply("fruit", 1, "apple", 3, "pear", 5, "fig", -3, "apple", -1, "kiwi", 5);
        apply("..", 1, "a/b", 7, "..", 1);
        apply(new byte[] {(byte) 0xff, 1}, 1, new byte[] {(byte) 0xfe}, 2);
        apply("emptied", 1, "x", 1);
        apply("emptied", 2, "x", -1);
        CountdMetrics metrics = CountdMetrics.builder().store(store).build();
        Health health = Health.builder().daemon("test daemon", daemonUp::get)
                .writable("data folder", List.of(dir, dir.resolve("keyspaces"))).build();
        server = HttpServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), new HttpApi(store, metrics, health), 2);
    }

    @AfterEach
    void stop() {
        server.close();
        store.close();
    }

    private void apply(Object keyspace, long position, Object... keysAndIncrements) {
        Deltas d = new Deltas();
        for (int i = 0; i < keysAndIncrements.length; i += 2) {
            byte[] key = bytes(keysAndIncrements[i]);
            d.add(key, key.length, ((Number) keysAndIncrements[i + 1]).longValue());
        }
        store.apply(bytes(keyspace), 0, position, d);
    }

    private static byte[] bytes(Object name) {
        return name instanceof byte[] b ? b : ((String) name).getBytes(StandardCharsets.UTF_8);
    }

    private RawHttp.Reply get(String target) throws IOException {
        try (RawHttp c = new RawHttp(server.address())) {
            return c.get(target).read();
        }
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    private static void assertError(RawHttp.Reply r, int status, String error) throws IOException {
        assertEquals(status, r.status(), r.text());
        assertEquals("application/json", r.headers().get("content-type"));
        JsonNode body = r.json();
        assertEquals(status, body.get("status").asInt());
        assertEquals(error, body.get("error").asText());
        assertTrue(body.get("message").isTextual() && !body.get("message").asText().isBlank());
        assertFalse(r.text().contains("\tat ") || r.text().contains("Exception"), "no stack trace: " + r.text());
    }

    @Test
    void listsKeyspacesByNameBytesWithTheirSizes() throws IOException {
        RawHttp.Reply r = get("/keyspaces");
        assertEquals(200, r.status());
        assertEquals("application/json", r.headers().get("content-type"));
        assertEquals(json("{\"keyspaces\":[{\"keyspace\":\"..\",\"keys\":2},{\"keyspace\":\"emptied\",\"keys\":0},"
                + "{\"keyspace\":\"fruit\",\"keys\":4},{\"keyspace\":{\"hex\":\"ff01\"},\"keys\":1}]}"), r.json());
    }

    @Test
    void ranksRowsWithOffsetAndLength() throws IOException {
        assertEquals(json("{\"keyspace\":\"fruit\",\"offset\":0,\"total\":4,\"rows\":["
                + "{\"rank\":0,\"key\":\"kiwi\",\"count\":5},{\"rank\":1,\"key\":\"pear\",\"count\":5},"
                + "{\"rank\":2,\"key\":\"apple\",\"count\":2},{\"rank\":3,\"key\":\"fig\",\"count\":-3}]}"),
                get("/keyspaces/fruit").json());
        assertEquals(json("{\"keyspace\":\"fruit\",\"offset\":1,\"total\":4,\"rows\":["
                + "{\"rank\":1,\"key\":\"pear\",\"count\":5},{\"rank\":2,\"key\":\"apple\",\"count\":2}]}"),
                get("/keyspaces/fruit?offset=1&length=2").json());
        assertEquals(json("{\"keyspace\":\"fruit\",\"offset\":9223372036854775807,\"total\":4,\"rows\":[]}"),
                get("/keyspaces/fruit?offset=9223372036854775807&length=10000").json());
        assertEquals(json("{\"keyspace\":\"fruit\",\"offset\":0,\"total\":4,\"rows\":[]}"),
                get("/keyspaces/fruit?length=0").json());
        assertEquals(json("{\"keyspace\":\"nothing here\",\"offset\":0,\"total\":0,\"rows\":[]}"),
                get("/keyspaces/nothing%20here").json(), "an unknown keyspace is empty, as in the binary protocol");
        assertFalse(Files.exists(dir.resolve("keyspaces").resolve("nothing_here")), "reads create nothing");
    }

    @Test
    void theDefaultPageIsTwentyRows() throws IOException {
        Deltas d = new Deltas();
        for (int i = 0; i < 30; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
            d.add(key, key.length, 100 - i);
        }
        store.apply(bytes("many"), 0, 1, d);
        JsonNode rows = get("/keyspaces/many").json().get("rows");
        assertEquals(20, rows.size());
        for (int i = 0; i < 20; i++) {
            assertEquals("k" + i, rows.get(i).get("key").asText());
            assertEquals(100 - i, rows.get(i).get("count").asLong());
        }
    }

    @Test
    void looksUpOneKeyWithItsRank() throws IOException {
        assertEquals(json("{\"keyspace\":\"fruit\",\"key\":\"apple\",\"count\":2,\"rank\":2}"),
                get("/keyspaces/fruit/keys/apple").json());
        assertEquals(json("{\"keyspace\":\"fruit\",\"key\":\"fig\",\"count\":-3,\"rank\":3}"),
                get("/keyspaces/fruit/keys/fig").json());
        assertError(get("/keyspaces/fruit/keys/banana"), 404, "not_found");
        assertError(get("/keyspaces/nowhere/keys/banana"), 404, "not_found");
        assertError(get("/keyspaces/emptied/keys/x"), 404, "not_found");
    }

    @Test
    void namesWithSlashesDotsAndBinaryBytesRoundTrip() throws IOException {
        assertEquals(json("{\"keyspace\":\"..\",\"key\":\"a/b\",\"count\":7,\"rank\":0}"),
                get("/keyspaces/%2E%2E/keys/a%2Fb").json());
        assertEquals(json("{\"keyspace\":\"..\",\"key\":\"..\",\"count\":1,\"rank\":1}"),
                get("/keyspaces/../keys/..").json(), "a literal .. segment is a name too");
        assertEquals(json("{\"keyspace\":{\"hex\":\"ff01\"},\"key\":{\"hex\":\"fe\"},\"count\":2,\"rank\":0}"),
                get("/keyspaces/%ff%01/keys/%FE").json());
        JsonNode listed = get("/keyspaces/" + PathNames.encode(new byte[] {(byte) 0xff, 1})).json();
        assertArrayEquals(new byte[] {(byte) 0xfe}, NameJson.read(listed.get("rows").get(0).get("key")));
        for (JsonNode k : get("/keyspaces").json().get("keyspaces")) {
            byte[] name = NameJson.read(k.get("keyspace"));
            JsonNode page = get("/keyspaces/" + PathNames.encode(name)).json();
            assertArrayEquals(name, NameJson.read(page.get("keyspace")), "the listed name reads back");
            assertEquals(k.get("keys").asLong(), page.get("total").asLong());
        }
    }

    @Test
    void badRequestsGetJsonErrors() throws IOException {
        assertError(get("/keyspaces/a%zz"), 400, "bad_request");
        assertError(get("/keyspaces/a%2"), 400, "bad_request");
        assertError(get("/keyspaces/a%00b"), 400, "bad_request");
        assertError(get("/keyspaces/a[b"), 400, "bad_request");
        assertError(get("/keyspaces/" + "x".repeat(257)), 400, "bad_request");
        assertError(get("/keyspaces/fruit/keys/" + "%41".repeat(257)), 400, "bad_request");
        assertError(get("/keyspaces//keys/a"), 400, "bad_request");
        assertError(get("/keyspaces/fruit?length=10001"), 400, "bad_request");
        assertError(get("/keyspaces/fruit?length=-1"), 400, "bad_request");
        assertError(get("/keyspaces/fruit?offset=9223372036854775808"), 400, "bad_request");
        assertError(get("/keyspaces/fruit?offset=1e3"), 400, "bad_request");
        assertError(get("/keyspaces/fruit?offset=1&offset=2"), 400, "bad_request");
        assertError(get("/keyspaces/fruit?lenght=5"), 400, "bad_request");
        assertError(get("/keyspaces?x"), 400, "bad_request");
        assertError(get("/keyspaces/fruit/keys/apple?offset=1"), 400, "bad_request");
        assertError(get("http://test/keyspaces"), 400, "bad_request");
        assertEquals("length 10001 exceeds 10000 rows", get("/keyspaces/fruit?length=10001").json().get("message").asText());
    }

    @Test
    void unknownResourcesAre404() throws IOException {
        for (String target : new String[] {"/nope", "/keyspaces/fruit/keys", "/keyspaces/fruit/rows/a", "/metrics/x",
            "/keyspaces/fruit/keys/a/b", "/KEYSPACES", "/favicon.ico"}) {
            assertError(get(target), 404, "not_found");
        }
        assertEquals(200, get("/k%65yspaces").status(), "a percent-encoded letter is the letter");
    }

    @Test
    void methodsOtherThanGetAre405WithAllow() throws IOException {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
            try (RawHttp c = new RawHttp(server.address())) {
                RawHttp.Reply r = c.send(method + " /keyspaces/fruit HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello")
                        .read();
                assertError(r, 405, "method_not_allowed");
                assertEquals("GET", r.headers().get("allow"));
                assertEquals(200, c.get("/health").read().status(), "the body was consumed; the connection goes on");
            }
        }
    }

    @Test
    void headIs405WithoutABodyAndThePipelineStaysInStep() throws IOException {
        try (RawHttp c = new RawHttp(server.address())) {
            c.send("HEAD /keyspaces HTTP/1.1\r\nHost: t\r\n\r\nGET /keyspaces/fruit/keys/kiwi HTTP/1.1\r\nHost: t\r\n\r\n");
            RawHttp.Reply head = c.read(true);
            assertEquals(405, head.status());
            assertEquals("GET", head.headers().get("allow"));
            RawHttp.Reply next = c.read();
            assertEquals(200, next.status());
            assertEquals(5, next.json().get("count").asLong());
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
        StringBuilder all = new StringBuilder();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String key = new String[] {"kiwi", "pear", "apple", "fig", "nope"}[i % 5];
            keys.add(key);
            all.append("GET /keyspaces/fruit/keys/").append(key).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
        }
        try (RawHttp c = new RawHttp(server.address())) {
            c.send(all.toString());
            for (String key : keys) {
                RawHttp.Reply r = c.read();
                if (key.equals("nope")) {
                    assertEquals(404, r.status());
                } else {
                    assertEquals(key, r.json().get("key").asText());
                }
            }
            assertEquals(200, c.get("/health").read().status(), "still open: keep-alive");
        }
    }

    @Test
    void aPipelineDeeperThanTheLimitEndsTheConnectionNotTheServer() throws IOException {
        try (RawHttp c = new RawHttp(server.address())) {
            c.send("GET /health HTTP/1.1\r\n\r\n".repeat(3 * HttpServer.MAX_PIPELINE));
            int answered = 0;
            try {
                while (answered < 3 * HttpServer.MAX_PIPELINE) {
                    assertEquals(200, c.read().status());
                    answered++;
                }
            } catch (IOException expected) {
                // The connection ended: what the limit promises.
            }
            assertTrue(answered < 3 * HttpServer.MAX_PIPELINE, "disconnected before answering all");
        }
        assertEquals(200, get("/health").status());
    }

    @Test
    void connectionCloseAndHttp10CloseAfterTheResponse() throws IOException {
        try (RawHttp c = new RawHttp(server.address())) {
            RawHttp.Reply r = c.send("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").read();
            assertEquals(200, r.status());
            assertTrue(c.closedByServer());
        }
        try (RawHttp c = new RawHttp(server.address())) {
            assertEquals(200, c.send("GET /health HTTP/1.0\r\n\r\n").read().status());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void aClientThatHalfClosesStillGetsItsResponses() throws IOException {
        try (RawHttp c = new RawHttp(server.address())) {
            c.get("/keyspaces/fruit/keys/pear").get("/keyspaces/fruit/keys/fig").shutdownOutput();
            assertEquals(5, c.read().json().get("count").asLong());
            assertEquals(-3, c.read().json().get("count").asLong());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void oversizedAndMalformedRequestsAreRefusedAndClosed() throws IOException {
        try (RawHttp c = new RawHttp(server.address())) {
            assertError(c.get("/keyspaces/" + "a".repeat(10_000)).read(), 414, "uri_too_long");
            assertTrue(c.closedByServer());
        }
        try (RawHttp c = new RawHttp(server.address())) {
            RawHttp.Reply r = c.send("GET /health HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n").read();
            assertError(r, 431, "headers_too_large");
            assertTrue(c.closedByServer());
        }
        for (String garbage : new String[] {"\u0001\u0002\u0003 nonsense\r\n\r\n", "GET\r\n\r\n",
            "GET /health HTTP/1.1\r\nHost: t\r\nContent-Length: x\r\n\r\n"}) {
            try (RawHttp c = new RawHttp(server.address())) {
                RawHttp.Reply r = c.send(garbage).read();
                assertError(r, 400, "bad_request");
                assertTrue(c.closedByServer(), "closed after " + garbage);
            }
        }
        try (RawHttp c = new RawHttp(server.address())) {
            assertError(c.send("GET /health HTTP/2.0\r\n\r\n").read(), 505, "version_not_supported");
            assertTrue(c.closedByServer());
        }
        try (RawHttp c = new RawHttp(server.address())) {
            RawHttp.Reply first = c.get("/keyspaces/fruit/keys/kiwi").send("BAD REQUEST LINE\r\n\r\n").read();
            assertEquals(200, first.status(), "requests before the bad one are answered");
            assertEquals(400, c.read().status());
            assertTrue(c.closedByServer());
        }
        assertEquals(200, get("/health").status(), "the server goes on");
    }

    @Test
    void manyConnectionsAtOnceAreAllAnswered() throws Exception {
        int n = 200;
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                open.add(new RawHttp(server.address()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<Integer>> replies = new ArrayList<>();
            for (RawHttp c : open) {
                replies.add(pool.submit(() -> c.get("/keyspaces/fruit/keys/pear").read().json().get("count").asInt()));
            }
            for (Future<Integer> f : replies) {
                assertEquals(5, f.get());
            }
            pool.shutdown();
        } finally {
            for (RawHttp c : open) {
                c.close();
            }
        }
    }

    @Test
    void healthIs503WithAReasonWhenADaemonIsDownOrTheFolderIsGone() throws IOException {
        RawHttp.Reply ok = get("/health");
        assertEquals(200, ok.status());
        assertEquals(json("{\"status\":\"ok\",\"checks\":{\"test daemon\":\"ok\",\"data folder\":\"ok\"}}"), ok.json());
        daemonUp.set(false);
        RawHttp.Reply down = get("/health");
        assertEquals(503, down.status());
        assertEquals("unavailable", down.json().get("status").asText());
        assertEquals("test daemon: not running", down.json().get("reason").asText());
        daemonUp.set(true);
        Health gone = Health.builder().writable("data folder", List.of(dir.resolve("missing"))).build();
        assertEquals("data folder: missing is missing", Health.reason(gone.run()));
    }

    @Test
    void metricsParseAsPrometheusTextAndCountResponses() throws IOException {
        get("/health");
        RawHttp.Reply first = get("/metrics");
        assertEquals(200, first.status());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", first.headers().get("content-type"));
        PrometheusText before = PrometheusText.parse(first.text());
        assertEquals(4, before.value("countd_keyspaces"));
        assertEquals("counter", before.type("countd_http_responses_total"));
        double ok = before.value("countd_http_responses_total", "code", "200");
        get("/keyspaces/fruit/keys/nope");
        get("/keyspaces/fruit/keys/nope");
        get("/keyspaces");
        PrometheusText after = PrometheusText.parse(get("/metrics").text());
        assertEquals(ok + 2, after.value("countd_http_responses_total", "code", "200"), "/keyspaces and the first scrape");
        assertEquals(2, after.value("countd_http_responses_total", "code", "404"));
        assertFalse(after.has("countd_write_messages_received_total"), "no write server in this process");
    }

    @Test
    void statsAndTheDashboardAreServed() throws IOException {
        JsonNode stats = get("/stats").json();
        assertTrue(stats.get("time").asLong() > 0);
        assertTrue(stats.get("write").isNull() && stats.get("logs").isNull(), "parts this process lacks are null");
        RawHttp.Reply page = get("/?keyspace=fruit");
        assertEquals(200, page.status());
        assertEquals("text/html; charset=utf-8", page.headers().get("content-type"));
        assertTrue(page.headers().get("content-security-policy").contains("default-src 'none'"));
        String html = page.text();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertFalse(html.matches("(?s).*(src|href)=\"(https?:)?//.*"), "self-contained: nothing loaded from elsewhere");
    }

    @Test
    void closingStopsListening() throws IOException {
        java.net.InetSocketAddress address = server.address();
        server.close();
        assertNull(tryConnect(address), "nothing listens after close");
        server = HttpServer.start(new java.net.InetSocketAddress("127.0.0.1", 0),
                new HttpApi(store, CountdMetrics.builder().build(), Health.builder().build()), 1);
    }

    private static java.net.Socket tryConnect(java.net.InetSocketAddress a) {
        try (java.net.Socket s = new java.net.Socket(a.getAddress(), a.getPort())) {
            return s;
        } catch (IOException e) {
            return null;
        }
    }
}
