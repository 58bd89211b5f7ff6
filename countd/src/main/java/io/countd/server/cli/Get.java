package io.countd.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countd.server.http.NameJson;
import io.countd.server.http.PathNames;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code countd get KS KEY}: one key's count and rank, asked of the HTTP API
 * ({@code GET /keyspaces/KS/keys/KEY}). Exit code 1 with one line when the key does not exist or
 * the server cannot be reached.
 */
@Command(name = "get", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Prints the count and rank (0 = highest count) of one key, from the HTTP API of countd serve "
            + "or countd-read.", "Exit code 1 when the key does not exist or the server cannot be reached."},
        sortOptions = false)
final class Get implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KS", description = "The keyspace (UTF-8 text, or hex with --hex).")
    String keyspace;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key (UTF-8 text, or hex with --hex).")
    String key;

    @Option(names = "--http", paramLabel = "URL", defaultValue = "${env:COUNTD_HTTP:-http://127.0.0.1:48881}",
            description = "The HTTP API (env COUNTD_HTTP; default ${DEFAULT-VALUE}).")
    String http;

    @Option(names = "--json", description = "Print the server's JSON object instead of a table.")
    boolean json;

    @Option(names = "--hex", description = "KS and KEY are the hex of their bytes (for names that are not text).")
    boolean hex;

    @Override
    public Integer call() throws Exception {
        byte[] ks = Checked.flag(() -> name("KS", keyspace));
        byte[] k = Checked.flag(() -> name("KEY", key));
        URI uri = Checked.flag(() -> uri(http, ks, k));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response;
        try {
            response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            err.println("countd get: cannot reach " + http + ": " + reason(e));
            return 1;
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            err.println("countd get: " + http + " answered " + response.statusCode() + " without JSON; is it countd?");
            return 1;
        }
        if (response.statusCode() != 200) {
            err.println("countd get: " + body.path("message").asText("HTTP status " + response.statusCode()));
            return 1;
        }
        if (json) {
            out.println(JSON.writeValueAsString(body));
        } else {
            table(out, new String[] {"KEYSPACE", "KEY", "COUNT", "RANK"},
                    new String[] {NameJson.describe(NameJson.read(body.get("keyspace"))),
                        NameJson.describe(NameJson.read(body.get("key"))), body.get("count").asText(),
                        body.get("rank").asText()});
        }
        out.flush();
        return 0;
    }

    /** The first message along the causes (the JDK's client often wraps a refused connection without one). */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private byte[] name(String what, String text) {
        if (!hex) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not hex: " + text, e);
        }
    }

    private static URI uri(String base, byte[] ks, byte[] key) {
        URI b;
        try {
            b = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--http '" + base + "' is not a URL", e);
        }
        if (!"http".equals(b.getScheme()) && !"https".equals(b.getScheme()) || b.getHost() == null) {
            throw new IllegalArgumentException("--http '" + base + "' is not an http:// URL with a host");
        }
        return URI.create(b + "/keyspaces/" + PathNames.encode(ks) + "/keys/" + PathNames.encode(key));
    }

    /** A header line and one row, each column as wide as its widest cell; numbers right-aligned. */
    private static void table(PrintWriter out, String[] head, String[] row) {
        StringBuilder h = new StringBuilder();
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < head.length; i++) {
            int width = Math.max(head[i].length(), row[i].length());
            boolean number = i >= 2;
            String sep = i == 0 ? "" : "  ";
            h.append(sep).append(pad(head[i], width, number));
            r.append(sep).append(pad(row[i], width, number));
        }
        out.println(h.toString().stripTrailing());
        out.println(r.toString().stripTrailing());
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
