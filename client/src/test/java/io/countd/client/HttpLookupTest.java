package io.countd.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CountdClient#get} against the JDK's HTTP server playing countd's API: the request path
 * (percent-encoded bytes), the answer's two name forms, 404 as absent, a 400 as refused, and
 * answers that are not the API's.
 */
class HttpLookupTest {
    private HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String body;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            paths.add(exchange.getRequestURI().getRawPath());
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, b.length);
            exchange.getResponseBody().write(b);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private CountdClient client() {
        return CountdClient.builder().http(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/"))
                .build();
    }

    @Test
    void aFoundCounterComesBackWithItsRank() {
        status = 200;
        body = " {\"rank\": 4, \"count\": -17, \"keyspace\": \"fr\\u00fcit\", \"key\": {\"hex\": \"ff00fe\"}, \"extra\": [1, {}]}\n";
        try (CountdClient c = client()) {
            byte[] key = {(byte) 0xff, 0, (byte) 0xfe};
            // A NUL byte cannot be sent: names never hold one.
            assertThrows(IllegalArgumentException.class, () -> c.get("früit".getBytes(StandardCharsets.UTF_8), key));
            body = body.replace("ff00fe", "ff2ffe");
            Row r = c.get("früit".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, '/', (byte) 0xfe}).orElseThrow();
            assertEquals(4, r.rank());
            assertEquals(-17, r.count());
            assertArrayEquals(new byte[] {(byte) 0xff, '/', (byte) 0xfe}, r.key());
        }
        assertEquals(List.of("/api/keyspaces/fr%C3%BCit/keys/%FF%2F%FE"), paths);
    }

    @Test
    void dotsAndReservedCharactersAreEncodedSoNoNormalizerTouchesThem() {
        status = 200;
        body = "{\"keyspace\":\"..\",\"key\":\"a b?c#d\",\"count\":1,\"rank\":0}";
        try (CountdClient c = client()) {
            assertEquals(1, c.get("..", "a b?c#d").orElseThrow().count());
        }
        assertEquals(List.of("/api/keyspaces/%2E%2E/keys/a%20b%3Fc%23d"), paths);
    }

    @Test
    void notFoundIsAbsent() {
        status = 404;
        body = "{\"error\":\"no such key\"}";
        try (CountdClient c = client()) {
            assertEquals(Optional.empty(), c.get("ks", "k"));
        }
    }

    @Test
    void anotherClientErrorIsRefusedWithTheServersMessage() {
        status = 400;
        body = "{\"error\":\"bad name\"}";
        try (CountdClient c = client()) {
            RefusedException e = assertThrows(RefusedException.class, () -> c.get("ks", "k"));
            assertTrue(e.getMessage().endsWith("bad name"), e.getMessage());
        }
    }

    @Test
    void answersThatAreNotTheApisAreErrors() {
        String[] bodies = {
            "<html>not found</html>",
            "{\"keyspace\":\"ks\",\"key\":\"k\",\"count\":1}",
            "{\"keyspace\":\"ks\",\"key\":\"other\",\"count\":1,\"rank\":0}",
            "{\"keyspace\":\"ks\",\"key\":\"k\",\"count\":1.5,\"rank\":0}",
            "{\"keyspace\":\"ks\",\"key\":\"k\",\"count\":0,\"rank\":0}",
            "{\"keyspace\":\"ks\",\"key\":\"k\",\"count\":9223372036854775808,\"rank\":0}",
            "{\"keyspace\":\"ks\",\"key\":\"k\",\"count\":1,\"rank\":-1}",
            "{\"keyspace\":\"ks\",\"key\":\"k\",\"count\":1,\"rank\":0,\"rank\":1}",
            "{\"keyspace\":{\"hex\":\"zz\"},\"key\":\"k\",\"count\":1,\"rank\":0}",
        };
        try (CountdClient c = client()) {
            for (String b : bodies) {
                status = 200;
                body = b;
                CountdException e = assertThrows(CountdException.class, () -> c.get("ks", "k"), b);
                assertEquals(CountdException.class, e.getClass(), b);
            }
            status = 404;
            body = "not json";
            assertThrows(CountdException.class, () -> c.get("ks", "k"));
            status = 500;
            body = "{\"error\":\"disk on fire\"}";
            CountdException e = assertThrows(CountdException.class, () -> c.get("ks", "k"));
            assertTrue(e.getMessage().contains("disk on fire"), e.getMessage());
        }
    }
}
