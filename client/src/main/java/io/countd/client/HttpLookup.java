package io.countd.client;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * Point lookups over countd's HTTP API: {@code GET <base>/keyspaces/<keyspace>/keys/<key>}, each
 * name percent-encoded byte by byte, answered with
 * {@code {"keyspace":NAME,"key":NAME,"count":N,"rank":R}} or 404 and {@code {"error":TEXT}}; a NAME
 * is a JSON string when the name is UTF-8 and {@code {"hex":"…"}} otherwise.
 *
 * <p><b>Threads:</b> thread-safe; lookups run in parallel.
 */
final class HttpLookup {
    private static final HexFormat HEX = HexFormat.of();

    private final String base;
    private final Duration requestTimeout;
    private final HttpClient http;

    HttpLookup(URI base, Duration connectTimeout, Duration requestTimeout) {
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** See {@link CountdClient#get(byte[], byte[])}. */
    Optional<Row> get(byte[] keyspace, byte[] key) {
        URI uri = URI.create(base + "/keyspaces/" + segment(keyspace) + "/keys/" + segment(key));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).header("Accept", "application/json")
                .GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new CountdException("no answer from " + uri + " within " + requestTimeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new CountdException("no answer from " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CountdException("interrupted while waiting for " + uri, e);
        }
        int status = response.statusCode();
        Map<String, Object> body;
        Row row = null;
        try {
            body = object(response.body());
            if (status == 200) {
                row = row(body, keyspace, key);
            }
        } catch (IllegalArgumentException e) {
            throw new CountdException("HTTP " + status + " from " + uri + " is not an answer of countd's API: "
                    + e.getMessage());
        }
        if (row != null) {
            return Optional.of(row);
        }
        if (status == 404) {
            return Optional.empty();
        }
        String error = body.get("error") instanceof String s ? s : "no error message";
        if (status >= 400 && status < 500) {
            throw new RefusedException("the countd HTTP API refused " + uri + " (" + status + "): " + error);
        }
        throw new CountdException("the countd HTTP API failed on " + uri + " (" + status + "): " + error);
    }

    private static Map<String, Object> object(byte[] body) {
        if (Json.parse(body) instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, Object> members = (Map<String, Object>) m;
            return members;
        }
        throw new IllegalArgumentException("not a JSON object");
    }

    private static Row row(Map<String, Object> body, byte[] keyspace, byte[] key) {
        if (!Arrays.equals(name(body.get("keyspace"), "keyspace"), keyspace)) {
            throw new IllegalArgumentException("it is about another keyspace");
        }
        if (!Arrays.equals(name(body.get("key"), "key"), key)) {
            throw new IllegalArgumentException("it is about another key");
        }
        long count = integer(body.get("count"), "count", Long.MIN_VALUE);
        if (count == 0) {
            throw new IllegalArgumentException("a count of 0 (absent keys are 404)");
        }
        return new Row(integer(body.get("rank"), "rank", 0), key.clone(), count);
    }

    private static byte[] name(Object v, String member) {
        if (v instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (v instanceof Map<?, ?> m && m.size() == 1 && m.get("hex") instanceof String h) {
            try {
                return HEX.parseHex(h);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + member + "\" has hex that is not hex");
            }
        }
        throw new IllegalArgumentException("\"" + member + "\" is neither a string nor {\"hex\": …}");
    }

    private static long integer(Object v, String member, long min) {
        if (v instanceof BigInteger b && b.bitLength() < 64 && b.longValue() >= min) {
            return b.longValue();
        }
        throw new IllegalArgumentException("\"" + member + "\" is not an integer from " + min + " to " + Long.MAX_VALUE);
    }

    /** A path segment holding {@code name}: unreserved ASCII letters, digits, - _ ~ as is, every other byte %XX. */
    static String segment(byte[] name) {
        StringBuilder b = new StringBuilder(name.length * 3);
        for (byte x : name) {
            int c = x & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                // '.' too: "." and ".." are dot segments that a URI normalizer would remove.
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
