package io.countd.server.http;

import io.netty.handler.codec.http.HttpResponseStatus;

/** A request the API refuses: its status, a short error code and a one-line message for the JSON body. */
final class ApiException extends Exception {
    private static final long serialVersionUID = 1L;

    final transient HttpResponseStatus status;
    final String error;

    ApiException(HttpResponseStatus status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    static ApiException badRequest(String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, "bad_request", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, "not_found", message);
    }
}
