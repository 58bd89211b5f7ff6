package io.countd.server.write;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the write daemon, updated by the event loops and read by anyone. */
public final class WriteStats {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder opened = new LongAdder();
    private final LongAdder closed = new LongAdder();

    void messages(int acceptedCount, int rejectedCount) {
        accepted.add(acceptedCount);
        rejected.add(rejectedCount);
    }

    void acked(int n) {
        acked.add(n);
    }

    void bytesReceived(int n) {
        bytes.add(n);
    }

    void connectionOpened() {
        opened.increment();
    }

    void connectionClosed() {
        closed.increment();
    }

    /** Messages with a non-empty keyspace and key (increments of 0 included). */
    public long accepted() {
        return accepted.sum();
    }

    /** Complete messages received: {@link #accepted()} plus {@link #rejected()}. */
    public long received() {
        return accepted.sum() + rejected.sum();
    }

    /** Messages acknowledged: {@code WIN} replies handed to the connection once durable. */
    public long acked() {
        return acked.sum();
    }

    /** Messages answered {@code ERR}. */
    public long rejected() {
        return rejected.sum();
    }

    public long bytesReceived() {
        return bytes.sum();
    }

    /** Connections accepted so far. */
    public long connectionsOpened() {
        return opened.sum();
    }

    public long connectionsOpen() {
        return opened.sum() - closed.sum();
    }
}
