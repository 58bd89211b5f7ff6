package io.countd.server.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countd.server.http.PathNames;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** GETs against a daemon's HTTP API, for the process tests. */
final class HttpApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;

    /** A response: status and body. */
    record Reply(int status, String body) {
        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    HttpApiClient(InetSocketAddress server) {
        this.base = "http://" + server.getAddress().getHostAddress() + ":" + server.getPort();
    }

    /** GET of a target whose names are already percent-encoded. */
    Reply get(String target) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + target))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(r.statusCode(), r.body());
    }

    JsonNode json(String target) throws IOException, InterruptedException {
        Reply r = get(target);
        if (r.status() != 200) {
            throw new AssertionError("GET " + target + ": " + r.status() + " " + r.body());
        }
        return r.json();
    }

    static String segment(byte[] name) {
        return PathNames.encode(name);
    }

    /** Whether anything accepts connections on the server's address any more. */
    boolean listening() throws InterruptedException {
        try {
            get("/health");
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            return !(e.getCause() instanceof ConnectException);
        }
    }
}
