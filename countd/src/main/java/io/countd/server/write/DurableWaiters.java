package io.countd.server.write;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The connections of one event loop that hold replies waiting for a ticket. The group commit's
 * thread only posts tasks to the loop; the set itself is touched on the loop alone.
 */
final class DurableWaiters {
    private final EventLoop loop;
    private final Set<WriteConnection> connections = new LinkedHashSet<>();
    private final List<WriteConnection> snapshot = new ArrayList<>();
    private volatile long durable;
    private final Runnable drain = this::drain;

    DurableWaiters(EventLoop loop) {
        this.loop = loop;
    }

    void add(WriteConnection c) {
        connections.add(c);
    }

    void remove(WriteConnection c) {
        connections.remove(c);
    }

    /** Called by the committer: releases replies up to {@code ticket} on the loop. */
    void durable(long ticket) {
        durable = ticket;
        loop.execute(drain);
    }

    /** Called by the committer: closes, on the loop, connections waiting for failed tickets; waits. */
    void failed(long after, long through) {
        loop.submit(() -> {
            for (WriteConnection c : new ArrayList<>(connections)) {
                c.failed(after, through);
            }
        }).syncUninterruptibly();
    }

    private void drain() {
        long ticket = durable;
        snapshot.addAll(connections);
        for (WriteConnection c : snapshot) {
            c.flushReady(ticket);
        }
        snapshot.clear();
    }
}
