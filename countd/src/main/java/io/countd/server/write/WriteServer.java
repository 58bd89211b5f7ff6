package io.countd.server.write;

import io.countd.server.net.Transport;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The TCP server of {@code countd-write}: accepts connections and gives each a
 * {@link WriteConnection} over the shared {@link GroupCommit}.
 *
 * <p><b>Lifecycle:</b> {@link #start} binds; {@link #close} stops accepting and reading, lets the
 * group commit store and acknowledge what it holds, seals the current log, then closes the
 * connections. Acknowledged data is on disk as the fsync policy promised before close returns.
 */
public final class WriteServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WriteServer.class.getName());

    private final EventLoopGroup group;
    private final Channel server;
    private final ChannelGroup connections;
    private final GroupCommit commit;
    private final WriteStats stats;

    private WriteServer(EventLoopGroup group, Channel server, ChannelGroup connections, GroupCommit commit,
            WriteStats stats) {
        this.group = group;
        this.server = server;
        this.connections = connections;
        this.commit = commit;
        this.stats = stats;
    }

    /**
     * Binds {@code address} and starts serving with {@code threads} event loops.
     *
     * @throws IllegalStateException when the address cannot be bound
     */
    public static WriteServer start(InetSocketAddress address, GroupCommit commit, int threads) {
        EventLoopGroup group = Transport.group(threads, "countd-write");
        Map<EventExecutor, DurableWaiters> waiters = new ConcurrentHashMap<>();
        for (EventExecutor e : group) {
            waiters.put(e, new DurableWaiters((EventLoop) e));
        }
        commit.addListener(new GroupCommit.Listener() {
            @Override
            public void durable(long ticket) {
                for (DurableWaiters w : waiters.values()) {
                    w.durable(ticket);
                }
            }

            @Override
            public void failed(long after, long through) {
                for (DurableWaiters w : waiters.values()) {
                    w.failed(after, through);
                }
            }
        });
        WriteStats stats = new WriteStats();
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        Channel server = Transport.listen(group, address, 32 << 10, 64 << 10, ch -> {
            connections.add(ch);
            ch.pipeline().addLast(new WriteConnection(commit, waiters.get(ch.eventLoop()), stats));
        });
        return new WriteServer(group, server, connections, commit, stats);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public WriteStats stats() {
        return stats;
    }

    /** Whether it listens and its group commit takes appends. */
    public boolean isRunning() {
        return server.isActive() && commit.isRunning();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        for (Channel c : connections) {
            c.config().setAutoRead(false);
        }
        commit.close();
        // Let the event loops send the acknowledgements the final commit released.
        for (EventExecutor e : group) {
            e.submit(() -> { }).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        LOG.log(System.Logger.Level.INFO, "write server stopped: " + stats.accepted() + " messages accepted, "
                + stats.rejected() + " rejected");
    }
}
