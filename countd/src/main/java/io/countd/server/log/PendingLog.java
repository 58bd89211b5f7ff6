package io.countd.server.log;

import java.io.Closeable;
import java.io.IOException;

/**
 * A sealed log held by one worker. {@link #stream()} and {@link #position()} identify it for
 * exactly-once bookkeeping: within a stream, positions only grow, and a log's records are applied
 * to a keyspace only if that keyspace has recorded a lower position for the stream. For the local
 * pool, the stream is the log's slot number and the position its generation.
 *
 * <p><b>Threads:</b> not thread-safe; owned by the worker thread that took it.
 */
public interface PendingLog extends Closeable {
    int stream();

    long position();

    /**
     * When a writer took the log for this generation (the header's creation time), in
     * microseconds since the epoch by the writer's clock; 0 when the header is not valid. The
     * writer takes a log for its first frame, so this is about when the oldest record arrived.
     */
    long createdMicros();

    /**
     * Visits every record of the log in order.
     *
     * @return what was read; damage (a bad frame before the seal) is reported there, after the
     *     records before it were visited
     */
    default ReadSummary read(RecordVisitor visitor) throws IOException {
        return read(visitor, new LogReader());
    }

    /**
     * As {@link #read(RecordVisitor)}, through the caller's reader, whose buffer serves log after
     * log: what a worker reading batches of logs uses.
     */
    ReadSummary read(RecordVisitor visitor, LogReader reader) throws IOException;

    /** Marks the log applied: it becomes empty (reusable by writers) and is released. */
    void markApplied() throws IOException;

    /** Releases the log without applying it: it stays sealed for another worker. Idempotent. */
    @Override
    void close() throws IOException;
}
