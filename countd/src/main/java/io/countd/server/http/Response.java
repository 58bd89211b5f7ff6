package io.countd.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * One answer of the API, complete in memory.
 *
 * @param allow the methods to list in an {@code Allow} header (for 405), or null
 * @param close whether the connection must close after it (the request could not be parsed)
 */
record Response(HttpResponseStatus status, String contentType, byte[] body, String allow, boolean close) {
    static final String JSON = "application/json";

    static Response json(HttpResponseStatus status, byte[] body) {
        return new Response(status, JSON, body, null, false);
    }
}
