package io.countd.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Netty's native epoll transport where the platform has it, NIO elsewhere. */
public final class Transport {
    private static final boolean EPOLL = Epoll.isAvailable();

    private Transport() {
    }

    /** An event loop group of {@code threads} threads named after {@code name}. */
    public static EventLoopGroup group(int threads, String name) {
        IoHandlerFactory factory = EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, new NamedThreads(name), factory);
    }

    /**
     * Binds a TCP server on {@code group} with the options both daemons use: half-closed
     * connections stay open for their replies, no Nagle delay, writability that turns off above
     * {@code highWater} unsent bytes. {@code init} builds each connection's pipeline.
     *
     * @throws IllegalStateException when the address cannot be bound; the group is shut down
     */
    public static Channel listen(EventLoopGroup group, InetSocketAddress address, int lowWater, int highWater,
            Consumer<SocketChannel> init) {
        try {
            return new ServerBootstrap()
                    .group(group)
                    .channel(EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(lowWater, highWater))
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            init.accept(ch);
                        }
                    })
                    .bind(address).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Names the event loop threads so that thread dumps and logs say which daemon they serve. */
    private static final class NamedThreads implements java.util.concurrent.ThreadFactory {
        private final String name;
        private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        NamedThreads(String name) {
            this.name = name;
        }

        @Override
        public Thread newThread(Runnable r) {
            return new io.netty.util.concurrent.FastThreadLocalThread(r, name + "-" + next.getAndIncrement());
        }
    }
}
