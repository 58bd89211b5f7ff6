package io.countd.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countd.server.metrics.CountdMetrics;
import io.countd.server.store.KeyRank;
import io.countd.server.store.KeyspaceException;
import io.countd.server.store.KeyspaceSize;
import io.countd.server.store.KeyspaceStore;
import io.countd.server.store.KeyspaceView;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The endpoints of the HTTP API (format-spec/countd-http.md): a request line in, a complete
 * response out, never an exception and never a stack trace in a body. Reads may wait for a
 * worker's file lock (in {@code countd-read}), so {@link #handle} must run off the event loops.
 *
 * <p><b>Threads:</b> thread-safe.
 */
public final class HttpApi {
    private static final System.Logger LOG = System.getLogger(HttpApi.class.getName());
    /** As the binary protocol: at most this many rows per read. */
    static final int MAX_LENGTH = 10_000;
    static final int DEFAULT_LENGTH = 20;
    private static final int MAX_NAME = 256;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final byte[] KEYSPACES = ascii("keyspaces");
    private static final byte[] KEYS = ascii("keys");

    private final KeyspaceStore store;
    private final CountdMetrics metrics;
    private final Health health;
    private final byte[] dashboard;

    /**
     * @param store the keyspaces to read
     * @param metrics what {@code /metrics} and {@code /stats} report
     * @param health what {@code /health} checks
     */
    public HttpApi(KeyspaceStore store, CountdMetrics metrics, Health health) {
        this.store = store;
        this.metrics = metrics;
        this.health = health;
        this.dashboard = resource("dashboard.html");
    }

    /** What {@code /metrics} reports; the HTTP server adds its own counters there. */
    CountdMetrics metrics() {
        return metrics;
    }

    /** The answer to one request; {@code target} is the request line's target as received. */
    Response handle(HttpMethod method, String target) {
        try {
            return route(method, target);
        } catch (ApiException e) {
            return error(e.status, e.error, e.getMessage(), e.status == HttpResponseStatus.METHOD_NOT_ALLOWED ? "GET" : null);
        } catch (KeyspaceException e) {
            LOG.log(System.Logger.Level.WARNING, "http: " + e.getMessage());
            return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "keyspace_error", e.getMessage(), null);
        } catch (IllegalStateException e) {
            // While stopping, the store or the pool closed under a request.
            LOG.log(System.Logger.Level.WARNING, "http: " + method + " " + target + ": " + e.getMessage());
            return error(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping", "the server is stopping", null);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "http: " + method + " " + target + " failed", e);
            return error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal error; see the server log", null);
        }
    }

    private Response route(HttpMethod method, String target) throws ApiException, IOException {
        if (!target.startsWith("/")) {
            throw ApiException.badRequest("the request target must be a path starting with '/'");
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        List<byte[]> s = segments(path);
        Endpoint endpoint = endpoint(s);
        if (!HttpMethod.GET.equals(method)) {
            throw new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "only GET is allowed, not " + method);
        }
        if (endpoint == Endpoint.DASHBOARD) {
            // The page reads its own query (the keyspace to show) in the browser.
            return new Response(HttpResponseStatus.OK, "text/html; charset=utf-8", dashboard, null, false);
        }
        Map<String, byte[]> params = parameters(query, endpoint.parameters);
        switch (endpoint) {
            case KEYSPACES:
                return keyspaces();
            case KEYSPACE:
                return ranked(name("keyspace", s.get(1)), number(params, "offset", 0, Long.MAX_VALUE),
                        (int) number(params, "length", DEFAULT_LENGTH, MAX_LENGTH));
            case KEY:
                return key(name("keyspace", s.get(1)), name("key", s.get(3)));
            case METRICS:
                ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
                metrics.writeText(out);
                return new Response(HttpResponseStatus.OK, metrics.contentType(), out.toByteArray(), null, false);
            case HEALTH:
                return health();
            case STATS:
                return Response.json(HttpResponseStatus.OK, MAPPER.writeValueAsBytes(metrics.stats()));
            default:
                throw new IllegalStateException("unrouted endpoint " + endpoint);
        }
    }

    /** The resources, with the query parameters each accepts. */
    private enum Endpoint {
        DASHBOARD(), KEYSPACES(), KEYSPACE("offset", "length"), KEY(), METRICS(), HEALTH(), STATS();

        final Set<String> parameters;

        Endpoint(String... parameters) {
            this.parameters = Set.of(parameters);
        }
    }

    private static Endpoint endpoint(List<byte[]> s) throws ApiException {
        int n = s.size();
        if (n == 0) {
            return Endpoint.DASHBOARD;
        }
        byte[] first = s.get(0);
        if (Arrays.equals(first, KEYSPACES)) {
            if (n == 1) {
                return Endpoint.KEYSPACES;
            }
            if (n == 2) {
                return Endpoint.KEYSPACE;
            }
            if (n == 4 && Arrays.equals(s.get(2), KEYS)) {
                return Endpoint.KEY;
            }
        } else if (n == 1) {
            switch (new String(first, StandardCharsets.ISO_8859_1)) {
                case "metrics":
                    return Endpoint.METRICS;
                case "health":
                    return Endpoint.HEALTH;
                case "stats":
                    return Endpoint.STATS;
                default:
                    break;
            }
        }
        throw ApiException.notFound("no such resource; see format-spec/countd-http.md");
    }

    /** The decoded segments of an absolute path; none for {@code /}. */
    private static List<byte[]> segments(String path) throws ApiException {
        List<byte[]> out = new ArrayList<>();
        if (path.equals("/")) {
            return out;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            try {
                out.add(PathNames.decode(segment));
            } catch (PathNames.BadSegmentException e) {
                throw ApiException.badRequest("bad path: " + e.getMessage());
            }
        }
        return out;
    }

    private static Map<String, byte[]> parameters(String query, Set<String> allowed) throws ApiException {
        Map<String, byte[]> out = new HashMap<>();
        if (query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name;
            byte[] value;
            try {
                name = new String(PathNames.decode(eq < 0 ? pair : pair.substring(0, eq), true), StandardCharsets.UTF_8);
                value = PathNames.decode(eq < 0 ? "" : pair.substring(eq + 1), true);
            } catch (PathNames.BadSegmentException e) {
                throw ApiException.badRequest("bad query: " + e.getMessage());
            }
            if (!allowed.contains(name)) {
                throw ApiException.badRequest("unknown parameter '" + name + "'"
                        + (allowed.isEmpty() ? "; this resource takes none" : "; this resource takes " + String.join(
                                ", ", allowed.stream().sorted().toList())));
            }
            if (out.put(name, value) != null) {
                throw ApiException.badRequest("parameter '" + name + "' is given twice");
            }
        }
        return out;
    }

    private static long number(Map<String, byte[]> params, String name, long absent, long max) throws ApiException {
        byte[] value = params.get(name);
        if (value == null) {
            return absent;
        }
        String text = new String(value, StandardCharsets.ISO_8859_1);
        boolean digits = text.matches("[0-9]+");
        if (digits && new BigInteger(text).compareTo(BigInteger.valueOf(max)) <= 0) {
            return Long.parseLong(text);
        }
        if (digits && name.equals("length")) {
            throw ApiException.badRequest("length " + text + " exceeds " + max + " rows");
        }
        throw ApiException.badRequest(name + " must be a whole number from 0 to " + max + ", not '"
                + NameJson.describe(value) + "'");
    }

    private static byte[] name(String what, byte[] name) throws ApiException {
        if (name.length < 1 || name.length > MAX_NAME) {
            throw ApiException.badRequest("a " + what + " name has 1 to " + MAX_NAME + " bytes, not " + name.length);
        }
        for (byte b : name) {
            if (b == 0) {
                throw ApiException.badRequest("a " + what + " name never holds a NUL byte (%00)");
            }
        }
        return name;
    }

    private Response keyspaces() throws IOException {
        List<KeyspaceSize> list = new ArrayList<>(store.list());
        list.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + list.size() * 48);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("keyspaces");
            for (KeyspaceSize k : list) {
                g.writeStartObject();
                g.writeFieldName("keyspace");
                NameJson.write(g, k.name(), k.name().length);
                g.writeNumberField("keys", k.keys());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return Response.json(HttpResponseStatus.OK, out.toByteArray());
    }

    private Response ranked(byte[] keyspace, long offset, int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + length * 64);
        try (KeyspaceView view = store.view(keyspace); JsonGenerator g = JSON.createGenerator(out)) {
            long total = view.size();
            g.writeStartObject();
            g.writeFieldName("keyspace");
            NameJson.write(g, keyspace, keyspace.length);
            g.writeNumberField("offset", offset);
            g.writeNumberField("total", total);
            g.writeArrayFieldStart("rows");
            if (offset < total && length > 0) {
                view.rows(offset, length, (rank, count, key, keyLength) -> {
                    try {
                        g.writeStartObject();
                        g.writeNumberField("rank", rank);
                        g.writeFieldName("key");
                        NameJson.write(g, key, keyLength);
                        g.writeNumberField("count", count);
                        g.writeEndObject();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return Response.json(HttpResponseStatus.OK, out.toByteArray());
    }

    private Response key(byte[] keyspace, byte[] key) throws IOException, ApiException {
        KeyRank found = store.lookup(keyspace, key);
        if (found == null) {
            throw ApiException.notFound("no key " + quoted(key) + " in keyspace " + quoted(keyspace));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + keyspace.length + key.length);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("keyspace");
            NameJson.write(g, keyspace, keyspace.length);
            g.writeFieldName("key");
            NameJson.write(g, key, key.length);
            g.writeNumberField("count", found.count());
            g.writeNumberField("rank", found.rank());
            g.writeEndObject();
        }
        return Response.json(HttpResponseStatus.OK, out.toByteArray());
    }

    private Response health() throws IOException {
        Map<String, String> results = health.run();
        String reason = Health.reason(results);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("status", reason == null ? "ok" : "unavailable");
            if (reason != null) {
                g.writeStringField("reason", reason);
            }
            g.writeObjectFieldStart("checks");
            for (Map.Entry<String, String> e : results.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue() == null ? "ok" : e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return Response.json(reason == null ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                out.toByteArray());
    }

    /**
     * An error response: {@code {"status": N, "error": "<code>", "message": "<one line>"}}.
     *
     * @param allow the {@code Allow} header of a 405, else null
     */
    static Response error(HttpResponseStatus status, String code, String message, String allow) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("status", status.code());
            g.writeStringField("error", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory cannot fail", e);
        }
        return new Response(status, Response.JSON, out.toByteArray(), allow, false);
    }

    private static String quoted(byte[] name) {
        return "\"" + NameJson.describe(name) + "\"";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] resource(String name) {
        try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the jar", e);
        }
    }
}
