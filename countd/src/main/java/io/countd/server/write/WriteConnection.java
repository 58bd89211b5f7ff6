package io.countd.server.write;

import io.countd.server.protocol.Reply;
import io.countd.server.protocol.WriteMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * One client connection of {@code countd-write}: cuts the byte stream into 520-byte messages,
 * appends the valid ones to the group commit and sends exactly one reply per complete message, in
 * order, once it may ({@link PendingReplies}). Bytes of an incomplete message wait for the rest;
 * at end of input they are dropped, the remaining replies are sent and the connection is closed.
 *
 * <p>Reading pauses while the group commit has no room or the client does not read its replies,
 * so a slow disk or client holds data back in the kernel rather than in memory.
 *
 * <p>Runs on the channel's event loop only.
 */
final class WriteConnection extends ChannelInboundHandlerAdapter {
    private static final int PAUSED_FOR_ROOM = 1;
    private static final int PAUSED_FOR_CLIENT = 2;

    private final GroupCommit commit;
    private final DurableWaiters waiters;
    private final WriteStats stats;
    private final byte[] scratch = new byte[WriteMessage.SIZE];
    private final WriteMessage message = new WriteMessage();
    private final PendingReplies replies = new PendingReplies();
    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private int paused;
    private boolean inputClosed;
    private boolean waiting;
    private boolean closing;

    WriteConnection(GroupCommit commit, DurableWaiters waiters, WriteStats stats) {
        this.commit = commit;
        this.waiters = waiters;
        this.stats = stats;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        stats.connectionOpened();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        stats.bytesReceived(in.readableBytes());
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        process();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            inputClosed = true;
            process();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            resume(PAUSED_FOR_CLIENT);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        replies.release();
        if (waiting) {
            waiters.remove(this);
            waiting = false;
        }
        stats.connectionClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a broken pipe: the client is gone, and its unacknowledged messages are unknown to it.
        ctx.close();
    }

    /** Decodes every complete message that has room in the group commit, then sends what may go. */
    private void process() {
        if ((paused & PAUSED_FOR_ROOM) == 0 && cumulation != null && cumulation.readableBytes() >= WriteMessage.SIZE) {
            appendMessages();
        }
        if (inputClosed && (paused & PAUSED_FOR_ROOM) == 0 && cumulation != null) {
            // What is left is an incomplete message at end of input: dropped, never stored.
            cumulation.release();
            cumulation = null;
        } else if (cumulation != null && !cumulation.isReadable()) {
            cumulation.release();
            cumulation = null;
        }
        flushReady(commit.durable());
    }

    private void appendMessages() {
        int accepted = 0;
        int rejected = 0;
        commit.lock();
        try {
            while (cumulation.readableBytes() >= WriteMessage.SIZE) {
                cumulation.getBytes(cumulation.readerIndex(), scratch, 0, WriteMessage.SIZE);
                message.parse(scratch);
                Reply reply = Reply.WIN;
                long ticket = 0;
                if (message.rejected()) {
                    reply = Reply.ERR;
                    rejected++;
                } else {
                    if (message.increment() != 0) {
                        ticket = commit.appendLocked(message.increment(), scratch, WriteMessage.KEYSPACE_OFFSET,
                                message.keyspaceLength(), scratch, WriteMessage.KEY_OFFSET, message.keyLength());
                        if (ticket < 0) {
                            pause(PAUSED_FOR_ROOM);
                            break;
                        }
                    }
                    accepted++;
                }
                cumulation.skipBytes(WriteMessage.SIZE);
                replies.add(reply, ticket, ctx.alloc());
            }
        } finally {
            commit.unlock();
        }
        stats.messages(accepted, rejected);
        if ((paused & PAUSED_FOR_ROOM) != 0) {
            commit.whenRoom(() -> ctx.executor().execute(() -> {
                if (ctx.channel().isActive()) {
                    resume(PAUSED_FOR_ROOM);
                    process();
                }
            }));
        }
    }

    /** Sends the replies that {@code durable} releases; closes a half-closed connection when done. */
    void flushReady(long durable) {
        ByteBuf ready = replies.takeReady(durable);
        if (ready != null) {
            ctx.writeAndFlush(ready, ctx.voidPromise());
            if (!ctx.channel().isWritable()) {
                pause(PAUSED_FOR_CLIENT);
            }
        }
        boolean pending = !replies.isEmpty();
        if (pending != waiting) {
            if (pending) {
                waiters.add(this);
            } else {
                waiters.remove(this);
            }
            waiting = pending;
        }
        if (inputClosed && !pending && cumulation == null && !closing) {
            closing = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Closes the connection if a reply waits for a ticket that failed: its outcome is unknown. */
    void failed(long after, long through) {
        if (replies.waitsFor(after, through)) {
            ctx.close();
        }
    }

    private void pause(int reason) {
        paused |= reason;
        ctx.channel().config().setAutoRead(false);
    }

    private void resume(int reason) {
        paused &= ~reason;
        if (paused == 0 && !inputClosed) {
            ctx.channel().config().setAutoRead(true);
        }
    }
}
