package io.countd.server.log;

import java.io.IOException;

/**
 * The pool's {@link LogSink}: one current log at a time, sealed when the next frame does not fit,
 * when idle or when old, or early when a worker of this process waits for a log that at its pace
 * would not fill before it is old. Frames are never split and a log always keeps room for its
 * seal.
 */
final class PoolSink implements LogSink {
    private final CommitLogPool pool;
    private final long idleNanos;
    private final long maxAgeNanos;
    private final long eagerNanos;
    private LogWriter current;
    private long firstFrameNanos;
    private long lastWriteNanos;
    /** Set by the first failure; the sink then refuses further use. */
    private IOException failure;
    private boolean closed;

    PoolSink(CommitLogPool pool, PoolConfig config) {
        this.pool = pool;
        this.idleNanos = config.idleSeal().toNanos();
        this.maxAgeNanos = config.maxAge().toNanos();
        this.eagerNanos = config.eagerSeal().toNanos();
    }

    @Override
    public void write(RecordBatch batch) throws IOException, InterruptedException {
        checkUsable();
        if (batch.isEmpty()) {
            return;
        }
        boolean first;
        try {
            if (current != null && !current.fits(batch.bytes())) {
                seal();
            }
            if (current == null) {
                current = pool.awaitEmpty();
                if (!current.fits(batch.bytes())) {
                    LogWriter small = current;
                    current = null;
                    small.releaseEmpty();
                    throw new IOException("log " + LogFormat.slotName(small.slot()) + " is too small for a frame of "
                            + batch.bytes() + " bytes");
                }
            }
            first = !current.hasFrames();
            current.append(batch);
        } catch (IOException e) {
            fail(e);
            throw e;
        }
        long now = System.nanoTime();
        if (first) {
            firstFrameNanos = now;
        }
        lastWriteNanos = now;
    }

    @Override
    public void force() throws IOException {
        checkUsable();
        if (current != null) {
            try {
                current.force();
            } catch (IOException e) {
                fail(e);
                throw e;
            }
        }
    }

    @Override
    public void tick(long nowNanos) throws IOException {
        checkUsable();
        long age = nowNanos - firstFrameNanos;
        if (current != null && current.hasFrames() && (nowNanos - lastWriteNanos >= idleNanos || age >= maxAgeNanos
                || age >= eagerNanos && pool.workerWaiting() && !current.fillsWithin(age, maxAgeNanos))) {
            try {
                seal();
            } catch (IOException e) {
                fail(e);
                throw e;
            }
        }
    }

    @Override
    public boolean hasRoom() {
        return pool.hasRoom();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (current != null && failure == null) {
                if (current.hasFrames()) {
                    seal();
                } else {
                    LogWriter log = current;
                    current = null;
                    finish(log, log::releaseEmpty);
                }
            }
        } finally {
            pool.sinkClosed();
        }
    }

    /** Lets the current log go as if the process had been killed (for crash tests and failures). */
    void abandon() throws IOException {
        closed = true;
        try {
            if (current != null) {
                current.abandon();
                current = null;
            }
        } finally {
            pool.sinkClosed();
        }
    }

    private void seal() throws IOException {
        LogWriter log = current;
        current = null;
        finish(log, log::seal);
    }

    /** Runs the last step of a log; if it fails, the log is left for recovery as a crash would. */
    private static void finish(LogWriter log, Step step) throws IOException {
        try {
            step.run();
        } catch (IOException e) {
            try {
                log.abandon();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }

    private void fail(IOException e) {
        failure = e;
        if (current != null) {
            try {
                current.abandon();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            current = null;
        }
    }

    private void checkUsable() throws IOException {
        if (closed) {
            throw new IllegalStateException("the sink is closed");
        }
        if (failure != null) {
            throw new IOException("the sink failed earlier; its log was left for recovery", failure);
        }
    }
}
