package io.countd.server.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One HTTP connection: answers its requests one at a time and in order (pipelined requests wait
 * in a queue), each computed on the executor since a read may wait for a file lock. Request
 * bodies are read and dropped: every endpoint is a GET. A request the codec could not parse (a
 * line or headers over the limits, garbage) gets its error response, then the connection closes.
 *
 * <p>Reading pauses while requests wait or the client does not read its responses, so a client
 * holds back only itself. Runs on the channel's event loop only; the executor gets the request
 * line and hands the response back to the loop.
 */
final class HttpConnection extends ChannelInboundHandlerAdapter {
    private final HttpApi api;
    private final Executor executor;
    private final HttpStats stats;
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean busy;
    private boolean inputClosed;
    private boolean closing;

    /** A request to answer: its line, or the response already decided for a request that could not be parsed. */
    private record Pending(HttpMethod method, String target, Response decided) {
    }

    HttpConnection(HttpApi api, Executor executor, HttpStats stats) {
        this.api = api;
        this.executor = executor;
        this.stats = stats;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (closing) {
                return;
            }
            if (msg instanceof HttpRequest request) {
                if (request.decoderResult().isFailure()) {
                    queue.add(new Pending(null, null, unparsable(request.decoderResult().cause())));
                    // The codec drops everything after a bad message; nothing more will come.
                    closing = true;
                } else if (request.protocolVersion().majorVersion() != 1) {
                    Response r = HttpApi.error(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "version_not_supported",
                            "only HTTP/1.0 and HTTP/1.1 are spoken here", null);
                    queue.add(new Pending(null, null, new Response(r.status(), r.contentType(), r.body(), null, true)));
                    closing = true;
                } else {
                    queue.add(new Pending(request.method(), request.uri(), null));
                }
            } else if (msg instanceof HttpContent content && content.decoderResult().isFailure()) {
                // A body that cannot be framed: the stream is lost, so is any later request.
                closing = true;
                ctx.close();
                return;
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
        next(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputClosed = true;
            next(ctx);
        } else if (evt instanceof IdleStateEvent && !busy && queue.isEmpty()) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        next(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a broken pipe (the client is gone), or a pipeline deeper than the codec allows.
        ctx.close();
    }

    /** Starts the next request if none runs and the client reads what it was sent. */
    private void next(ChannelHandlerContext ctx) {
        if (busy || !ctx.channel().isActive()) {
            return;
        }
        Pending p = queue.poll();
        if (p == null) {
            if (inputClosed) {
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else if (!closing) {
                ctx.channel().config().setAutoRead(true);
            }
            return;
        }
        ctx.channel().config().setAutoRead(false);
        if (!ctx.channel().isWritable()) {
            queue.addFirst(p);
            return;
        }
        busy = true;
        if (p.decided() != null) {
            respond(ctx, p.decided());
            return;
        }
        try {
            executor.execute(() -> {
                Response r = api.handle(p.method(), p.target());
                ctx.executor().execute(() -> respond(ctx, r));
            });
        } catch (RejectedExecutionException e) {
            respond(ctx, new Response(HttpResponseStatus.SERVICE_UNAVAILABLE, Response.JSON, HttpApi.error(
                    HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping", "the server is stopping", null).body(), null,
                    true));
        }
    }

    private void respond(ChannelHandlerContext ctx, Response r) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, r.status(),
                Unpooled.wrappedBuffer(r.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, r.body().length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("x-content-type-options", "nosniff");
        if (r.contentType().startsWith("text/html")) {
            response.headers().set("content-security-policy", "default-src 'none'; script-src 'unsafe-inline'; "
                    + "style-src 'unsafe-inline'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'");
        }
        if (r.allow() != null) {
            response.headers().set(HttpHeaderNames.ALLOW, r.allow());
        }
        stats.responded(r.status().code());
        busy = false;
        if (r.close()) {
            closing = true;
            queue.clear();
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(response, ctx.voidPromise());
        next(ctx);
    }

    /** The response to a request the codec could not parse. */
    private static Response unparsable(Throwable cause) {
        Response r;
        if (cause instanceof TooLongHttpLineException) {
            r = HttpApi.error(HttpResponseStatus.REQUEST_URI_TOO_LONG, "uri_too_long",
                    "the request line is longer than " + HttpServer.MAX_LINE + " bytes", null);
        } else if (cause instanceof TooLongHttpHeaderException) {
            r = HttpApi.error(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
                    "the headers are larger than " + HttpServer.MAX_HEADERS + " bytes", null);
        } else {
            r = HttpApi.error(HttpResponseStatus.BAD_REQUEST, "bad_request", "not a valid HTTP/1.1 request", null);
        }
        return new Response(r.status(), r.contentType(), r.body(), null, true);
    }
}
