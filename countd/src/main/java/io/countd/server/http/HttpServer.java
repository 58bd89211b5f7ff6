package io.countd.server.http;

import io.countd.server.concurrent.DaemonThreads;
import io.countd.server.concurrent.Uninterruptibly;
import io.countd.server.net.Transport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/1.1 server of the API and the dashboard ({@link HttpApi}), on its own event loop, with
 * requests answered by a small pool of threads (reads may wait for a worker's file lock).
 *
 * <p>Limits: a request line of at most {@value #MAX_LINE} bytes (else 414), headers of at most
 * {@value #MAX_HEADERS} bytes (else 431), at most {@value #MAX_PIPELINE} requests waiting for their
 * responses on one connection (else it is closed), a connection idle for {@value #IDLE_SECONDS} s
 * is closed. Keep-alive and pipelining as HTTP/1.1 says; bodies are read and dropped.
 *
 * <p><b>Lifecycle:</b> {@link #start} binds; {@link #close} stops accepting, lets requests in
 * progress finish (up to 5 s) and closes the connections. The API's store is the caller's.
 */
public final class HttpServer implements AutoCloseable {
    static final int MAX_LINE = 8192;
    static final int MAX_HEADERS = 8192;
    static final int IDLE_SECONDS = 60;
    /** Requests one connection may have waiting for their responses; a deeper pipeline is disconnected. */
    static final int MAX_PIPELINE = 1024;
    /** Threads answering requests in a daemon: the dashboard and a scraper need few. */
    public static final int THREADS = 4;

    private final EventLoopGroup group;
    private final ExecutorService executor;
    private final Channel server;
    private final ChannelGroup connections;

    private HttpServer(EventLoopGroup group, ExecutorService executor, Channel server, ChannelGroup connections) {
        this.group = group;
        this.executor = executor;
        this.server = server;
        this.connections = connections;
    }

    /**
     * Binds {@code address}; requests are answered by {@code threads} threads. Registers the
     * server's own counters with the API's metrics.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public static HttpServer start(InetSocketAddress address, HttpApi api, int threads) {
        HttpStats stats = new HttpStats();
        api.metrics().register(stats.collector());
        EventLoopGroup group = Transport.group(1, "countd-http");
        ExecutorService executor = Executors.newFixedThreadPool(threads, DaemonThreads.numbered("countd-http"));
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        try {
            Channel server = Transport.listen(group, address, 64 << 10, 1 << 20, ch -> {
                connections.add(ch);
                ch.pipeline().addLast(
                        new IdleStateHandler(0, 0, IDLE_SECONDS, TimeUnit.SECONDS),
                        new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_LINE)
                                .setMaxHeaderSize(MAX_HEADERS).setMaxChunkSize(64 << 10), MAX_PIPELINE),
                        new HttpServerKeepAliveHandler(),
                        new HttpConnection(api, executor, stats));
            });
            return new HttpServer(group, executor, server, connections);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Whether it listens. */
    public boolean isRunning() {
        return server.isActive();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        executor.shutdown();
        Uninterruptibly.awaitTermination(executor, 5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
