package io.countd.server.read;

import io.countd.server.protocol.ReadRequest;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One client connection of {@code countd-read}: cuts the stream into 272-byte requests and answers
 * them in order. Answers are computed on the read executor, since opening a keyspace may wait for
 * a worker's file lock; reading from the socket pauses meanwhile, so pipelined requests wait in
 * the kernel. An incomplete request at end of input is dropped.
 *
 * <p>State is touched on the channel's event loop only; the executor gets a copy of the requests.
 */
final class ReadConnection extends ChannelInboundHandlerAdapter {
    /** Requests answered in one executor task, so one busy connection cannot hold a thread long. */
    private static final int REQUESTS_PER_TASK = 64;

    private final Answerer answerer;
    private final Executor executor;
    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private boolean busy;
    private boolean inputClosed;

    ReadConnection(Answerer answerer, Executor executor) {
        this.answerer = answerer;
        this.executor = executor;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        next();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
            inputClosed = true;
            next();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        next();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    /** Hands the next complete requests to the executor, or closes a finished half-closed connection. */
    private void next() {
        if (busy || !ctx.channel().isActive()) {
            return;
        }
        int complete = cumulation == null ? 0 : cumulation.readableBytes() / ReadRequest.SIZE;
        if (complete == 0) {
            if (inputClosed) {
                release();
                ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            }
            return;
        }
        if (!ctx.channel().isWritable()) {
            ctx.channel().config().setAutoRead(false);
            return;
        }
        int n = Math.min(complete, REQUESTS_PER_TASK);
        byte[] requests = new byte[n * ReadRequest.SIZE];
        cumulation.readBytes(requests);
        if (!cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        }
        busy = true;
        ctx.channel().config().setAutoRead(false);
        try {
            executor.execute(() -> answer(requests, n));
        } catch (RejectedExecutionException e) {
            ctx.close();
        }
    }

    private void answer(byte[] requests, int n) {
        ByteBuf out = ctx.alloc().buffer();
        try {
            for (int i = 0; i < n; i++) {
                answerer.answer(requests, i * ReadRequest.SIZE, out);
            }
            ctx.writeAndFlush(out, ctx.voidPromise());
        } catch (RuntimeException e) {
            out.release();
            ctx.close();
            throw e;
        }
        ctx.executor().execute(() -> {
            busy = false;
            if (!inputClosed) {
                ctx.channel().config().setAutoRead(true);
            }
            next();
        });
    }

    private void release() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
    }
}
