package io.countd.server.write;

import io.countd.server.protocol.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayDeque;

/**
 * The replies of one connection that are decided but not yet sent, in message order, grouped in
 * runs that wait for the same ticket. A reply may go out once every message before it and itself
 * is durable, so a run's ticket is the highest ticket of any message up to its last reply: an
 * {@code ERR} behind a pending {@code WIN} waits for it.
 *
 * <p>Owned by the connection's event loop; not thread-safe.
 */
final class PendingReplies {
    private final ArrayDeque<Run> runs = new ArrayDeque<>();
    private long highest;
    private int takenWins;

    private static final class Run {
        final long ticket;
        final ByteBuf bytes;
        int wins;

        Run(long ticket, ByteBuf bytes) {
            this.ticket = ticket;
            this.bytes = bytes;
        }
    }

    /**
     * Queues a reply for a message that waits for {@code ticket} (0 for one that waits for
     * nothing of its own).
     */
    void add(Reply reply, long ticket, ByteBufAllocator alloc) {
        highest = Math.max(highest, ticket);
        Run tail = runs.peekLast();
        if (tail == null || tail.ticket != highest) {
            tail = new Run(highest, alloc.buffer(64 * Reply.SIZE));
            runs.add(tail);
        }
        tail.bytes.writeBytes(reply.bytes());
        if (reply == Reply.WIN) {
            tail.wins++;
        }
    }

    /**
     * Removes and returns the replies that may be sent now, or null when none may; {@link #takenWins}
     * then tells how many of them are {@code WIN}.
     */
    ByteBuf takeReady(long durable) {
        ByteBuf out = null;
        takenWins = 0;
        while (!runs.isEmpty() && runs.peekFirst().ticket <= durable) {
            Run r = runs.pollFirst();
            takenWins += r.wins;
            ByteBuf b = r.bytes;
            if (out == null) {
                out = b;
            } else {
                out.writeBytes(b);
                b.release();
            }
        }
        return out;
    }

    /** The number of {@code WIN} replies among those the last {@link #takeReady} returned. */
    int takenWins() {
        return takenWins;
    }

    /** Whether some queued reply waits for a ticket in {@code (after, through]}. */
    boolean waitsFor(long after, long through) {
        for (Run r : runs) {
            if (r.ticket > after && r.ticket <= through) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return runs.isEmpty();
    }

    void release() {
        for (Run r : runs) {
            r.bytes.release();
        }
        runs.clear();
    }
}
