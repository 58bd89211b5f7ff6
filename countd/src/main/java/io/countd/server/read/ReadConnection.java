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
 * them in order. A request that memory can answer (its keyspace's file open in this process, the
 * rank nodes it needs loaded) is answered on the event loop, saving two thread hand-offs; from the
 * first that needs the file, answers are computed on the read executor, since opening a keyspace
 * may wait for a worker's file lock; reading from the socket pauses meanwhile, so pipelined
 * requests wait in the kernel. An incomplete request at end of input is dropped.
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

    /**
     * Answers the next complete requests (up to {@link #REQUESTS_PER_TASK}) that memory can answer
     * here, in order, and hands the rest, from the first that needs the file, to the executor; or
     * closes a finished half-closed connection. More complete requests wait for a later task of
     * the loop, so that one connection's backlog does not hold the loop from the others.
     */
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
        long arrived = System.nanoTime();
        int answered = answerInMemory(requests, n, arrived);
        if (answered < n) {
            busy = true;
            ctx.channel().config().setAutoRead(false);
            try {
                executor.execute(() -> answer(requests, answered, n, arrived));
            } catch (RejectedExecutionException e) {
                ctx.close();
            }
        } else {
            boolean backlog = cumulation != null && cumulation.readableBytes() >= ReadRequest.SIZE;
            // Reading stops while a backlog waits: a client sending faster than it is
            // answered is held back by TCP, not by this process's memory.
            ctx.channel().config().setAutoRead(!backlog && !inputClosed);
            if (backlog || inputClosed) {
                ctx.executor().execute(this::next);
            }
        }
    }

    /** Answers requests on the event loop while memory can; the number answered (and sent). */
    private int answerInMemory(byte[] requests, int n, long arrived) {
        ByteBuf out = ctx.alloc().buffer();
        int answered = 0;
        try {
            while (answered < n && answerer.answerInMemory(requests, answered * ReadRequest.SIZE, out, arrived)) {
                answered++;
            }
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
        if (out.isReadable()) {
            ctx.writeAndFlush(out, ctx.voidPromise());
        } else {
            out.release();
        }
        return answered;
    }

    /** Answers requests {@code from} to {@code n - 1} on a read thread, then resumes reading. */
    private void answer(byte[] requests, int from, int n, long arrived) {
        ByteBuf out = ctx.alloc().buffer();
        try {
            for (int i = from; i < n; i++) {
                answerer.answer(requests, i * ReadRequest.SIZE, out, arrived);
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
