package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.countd.client.CountdClient;
import io.countd.client.Row;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CountdClient#get} against the HTTP API of a real {@code countd serve}
 * ({@code GET /keyspaces/{ks}/keys/{key}}): counts and ranks as the ranked reads give them, names
 * that need percent-encoding or are not UTF-8, absent keys and keyspaces; and {@code countd status}
 * finding the API. Needs a {@code countd serve} with {@code --http}: until that is built, the test
 * is skipped (aborted) with a message saying so.
 */
class ClientGetIT {
    @TempDir
    Path dir;

    @Test
    void getGivesTheCountAndRankOfAKeyOverHttp() throws Exception {
        Cli.Result help = Cli.run(dir.resolve("cli"), "serve", "--help");
        Assumptions.assumeTrue(help.out().contains("--http"),
                "countd serve has no --http option in this build (the HTTP API is not merged yet): skipped");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        byte[] binary = {(byte) 0xff, 'x', '/'};
        try (CountdProcess serve = CountdProcess.start(dir.resolve("logs-of-test"), "Countd", "serve", "--data",
                dir.resolve("data").toString(), "--write", "127.0.0.1:0", "--read", "127.0.0.1:0", "--http",
                "127.0.0.1:" + port);
                CountdClient client = CountdClient.builder().write(serve.address(0)).read(serve.address(1))
                        .http(URI.create("http://127.0.0.1:" + port + "/")).build()) {
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            acks.add(client.increment("fruit", "apple", 3));
            acks.add(client.increment("fruit", "pear", 5));
            acks.add(client.increment("fruit", "a/b c?.%", 1));
            acks.add(client.increment("fruit", "..", 1));
            acks.add(client.increment(binary, "k".getBytes(StandardCharsets.UTF_8), -2));
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).join();
            while (client.top("fruit", 0, 10).size() < 4 || client.top(binary, 0, 10).isEmpty()) {
                CountdProcess.sleep(100);
            }
            List<Row> ranked = client.top("fruit", 0, 10);
            for (Row r : ranked) {
                assertEquals(Optional.of(r), client.get("fruit".getBytes(StandardCharsets.UTF_8), r.key()),
                        "a lookup agrees with the ranked read");
            }
            assertEquals(5, client.get("fruit", "pear").orElseThrow().count());
            assertEquals(0, client.get("fruit", "pear").orElseThrow().rank());
            assertEquals(-2, client.get(binary, "k".getBytes(StandardCharsets.UTF_8)).orElseThrow().count());
            assertEquals(Optional.empty(), client.get("fruit", "plum"), "an absent key");
            assertEquals(Optional.empty(), client.get("vegetables", "leek"), "an absent keyspace");

            JsonNode status = Cli.run(dir.resolve("cli"), "status", "--data", dir.resolve("data").toString(), "--http",
                    "http://127.0.0.1:" + port + "/", "--json").expectExit(0).json();
            assertTrue(status.get("daemons").get("http").get("answers").asBoolean(), status::toString);
            assertEquals(0, serve.terminate());
        }
    }
}
