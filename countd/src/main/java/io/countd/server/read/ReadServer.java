package io.countd.server.read;

import io.countd.server.concurrent.DaemonThreads;
import io.countd.server.concurrent.Uninterruptibly;
import io.countd.server.net.Transport;
import io.countd.server.store.KeyspaceStore;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The TCP server of {@code countd-read}: 272-byte ranked-read requests in, responses out, from
 * consistent views of the {@link KeyspaceStore}.
 *
 * <p><b>Lifecycle:</b> {@link #start} binds; {@link #close} stops accepting, lets requests in
 * progress finish (up to 5 s) and closes the connections. The store is the caller's.
 */
public final class ReadServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final ExecutorService executor;
    private final Channel server;
    private final ReadStats stats;

    private ReadServer(EventLoopGroup group, ExecutorService executor, Channel server, ReadStats stats) {
        this.group = group;
        this.executor = executor;
        this.server = server;
        this.stats = stats;
    }

    /**
     * Binds {@code address}; requests are answered by {@code readThreads} threads.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public static ReadServer start(InetSocketAddress address, KeyspaceStore store, int readThreads) {
        EventLoopGroup group = Transport.group(1, "countd-read");
        ExecutorService executor = Executors.newFixedThreadPool(readThreads, DaemonThreads.numbered("countd-read-answer"));
        ReadStats stats = new ReadStats();
        Answerer answerer = new Answerer(store, stats);
        try {
            Channel server = Transport.listen(group, address, 256 << 10, 4 << 20,
                    ch -> ch.pipeline().addLast(new ReadConnection(answerer, executor)));
            return new ReadServer(group, executor, server, stats);
        } catch (RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public ReadStats stats() {
        return stats;
    }

    /** Whether it listens and answers. */
    public boolean isRunning() {
        return server.isActive() && !executor.isShutdown();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        executor.shutdown();
        Uninterruptibly.awaitTermination(executor, 5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
