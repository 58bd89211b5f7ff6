package io.countd.server.log;

import java.io.Closeable;
import java.io.IOException;

/**
 * The write side of a commit-log source: where {@code countd-write} appends batches of
 * increments. The local implementation is {@link CommitLogPool#openSink()}; a distributed log
 * (Kafka, say) could implement it later.
 *
 * <p><b>Threads:</b> not thread-safe; one thread (the group committer) owns a sink for its life.
 *
 * <p><b>Durability:</b> {@link #write} hands the frame to the operating system; only
 * {@link #force} (or the seal, which {@link #tick} and {@link #close} perform) makes it survive a
 * machine crash. A frame is atomic: after any crash it is read back whole or not at all.
 *
 * <p><b>Errors:</b> after an {@link IOException} the sink is unusable (later calls throw) and its
 * current log is left as a crash would leave it, for recovery to seal or empty; {@link #close}
 * still releases the sink.
 */
public interface LogSink extends Closeable {
    /**
     * Appends {@code batch} as one frame to the current log, first sealing that log and taking an
     * empty one when the frame does not fit (or when there is no current log). Waits while the pool
     * has no empty log and may not grow (back-pressure), until one frees up or the thread is
     * interrupted. An empty batch writes nothing. The batch is not changed; the caller clears it.
     *
     * @throws IOException when the log cannot be written; the batch must then not be acknowledged
     * @throws InterruptedException when interrupted while waiting for an empty log
     */
    void write(RecordBatch batch) throws IOException, InterruptedException;

    /** Makes every frame written so far durable ({@code fdatasync} of the current log). */
    void force() throws IOException;

    /**
     * Seals the current log if it holds frames and has been idle, or open, for longer than the
     * configured limits (a shorter one for how long it has been open when a worker waits for a
     * log); called by the owning thread at least every 100 ms.
     *
     * @param nowNanos the current {@link System#nanoTime()}
     */
    void tick(long nowNanos) throws IOException;

    /**
     * Whether an empty log is ready (or may still be created), so a write would not wait. A hint
     * for throttling: it may lag behind changes made by other processes by a poll interval. May be
     * called from any thread.
     */
    boolean hasRoom();

    /** Forces and seals the current log (if it holds frames) and releases it. */
    @Override
    void close() throws IOException;
}
