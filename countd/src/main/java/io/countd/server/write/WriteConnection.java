package io.countd.server.write;

import io.countd.server.protocol.Reply;
import io.countd.server.protocol.WriteMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * One client connection of {@code countd-write}: cuts the byte stream into 520-byte messages,
 * appends the valid ones to the group commit and sends exactly one reply per complete message, in
 * order, once it may ({@link PendingReplies}). Bytes of an incomplete message wait for the rest;
 * at end of input they are dropped, the remaining replies are sent and the connection is closed.
 *
 * <p>Messages are parsed in place in the buffers Netty read them into; only the names of valid
 * messages are copied (into the batch), and only the bytes of a message split across two reads
 * are gathered first.
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
    private final byte[] names = new byte[2 * WriteMessage.NAME_FIELD];
    private final WriteMessage message = new WriteMessage();
    private final PendingReplies replies = new PendingReplies();
    /** The start of a message split across reads: fewer than 520 bytes. */
    private final ByteBuf split = Unpooled.buffer(WriteMessage.SIZE, WriteMessage.SIZE);
    /** A read that could not be processed wholly because the group commit had no room. */
    private ByteBuf held;
    private ChannelHandlerContext ctx;
    private int paused;
    private boolean inputClosed;
    private boolean waiting;
    private boolean closing;
    private int accepted;
    private int rejected;

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
        if (held != null) {
            // Only possible for bytes already in flight when reading paused: queue them behind.
            ByteBuf both = ctx.alloc().compositeBuffer(2).addComponents(true, held, in);
            held = both;
            return;
        }
        held = in;
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
        if (held != null) {
            held.release();
            held = null;
        }
        split.release();
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

    /** Appends every complete message that has room in the group commit, then sends what may go. */
    private void process() {
        if ((paused & PAUSED_FOR_ROOM) == 0 && held != null) {
            commit.lock();
            try {
                if (appendHeld()) {
                    held.release();
                    held = null;
                }
            } finally {
                commit.unlock();
            }
            stats.messages(accepted, rejected);
            accepted = 0;
            rejected = 0;
            if ((paused & PAUSED_FOR_ROOM) != 0) {
                commit.whenRoom(() -> ctx.executor().execute(() -> {
                    if (ctx.channel().isActive()) {
                        resume(PAUSED_FOR_ROOM);
                        process();
                    }
                }));
            }
        }
        if (inputClosed && held == null) {
            // What is left is an incomplete message at end of input: dropped, never stored.
            split.clear();
        }
        flushReady(commit.durable());
    }

    /**
     * Appends the messages of {@code held}: first completing a split message, then in place.
     * Returns whether {@code held} was used up (its tail, if any, now starts {@link #split});
     * false when the group commit ran out of room.
     */
    private boolean appendHeld() {
        if (split.isReadable()) {
            held.readBytes(split, Math.min(split.writableBytes(), held.readableBytes()));
            if (split.isWritable()) {
                return true;
            }
            if (!appendMessage(split, split.readerIndex())) {
                return false;
            }
            split.clear();
        }
        while (held.readableBytes() >= WriteMessage.SIZE) {
            if (!appendMessage(held, held.readerIndex())) {
                return false;
            }
            held.skipBytes(WriteMessage.SIZE);
        }
        split.writeBytes(held);
        return true;
    }

    /** Decides one message and queues its reply; false, changing nothing, when there is no room. */
    private boolean appendMessage(ByteBuf buf, int index) {
        message.parse(buf, index);
        Reply reply = Reply.WIN;
        long ticket = 0;
        if (message.rejected()) {
            reply = Reply.ERR;
            rejected++;
        } else {
            if (message.increment() != 0) {
                int ks = message.keyspaceLength();
                int key = message.keyLength();
                buf.getBytes(index + WriteMessage.KEYSPACE_OFFSET, names, 0, ks);
                buf.getBytes(index + WriteMessage.KEY_OFFSET, names, WriteMessage.NAME_FIELD, key);
                ticket = commit.appendLocked(message.increment(), names, 0, ks, names, WriteMessage.NAME_FIELD, key);
                if (ticket < 0) {
                    pause(PAUSED_FOR_ROOM);
                    return false;
                }
            }
            accepted++;
        }
        replies.add(reply, ticket, ctx.alloc());
        return true;
    }

    /** Sends the replies that {@code durable} releases; closes a half-closed connection when done. */
    void flushReady(long durable) {
        ByteBuf ready = replies.takeReady(durable);
        if (ready != null) {
            stats.acked(replies.takenWins());
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
        if (inputClosed && !pending && held == null && !closing) {
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
