package io.countd.server.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local commit-log pool of one data folder: preallocated log files under {@code DIR/logs/}
 * named by 10-digit slot numbers, their {@code lock-N} hard links and modes (0400 empty, 0200
 * full), generations, frames and recovery, as {@code format-spec/commitlog.md} specifies.
 *
 * <p><b>Threads and processes:</b> thread-safe; any number of writer and worker processes may
 * share one folder. One pool object per folder per process.
 */
public final class CommitLogPool implements LogSource, AutoCloseable {
    private CommitLogPool() {
    }

    /**
     * Opens the pool in {@code dir} (created if missing), making sure of {@code minLogs} logs and
     * recovering logs whose holders died, and starts the background maintainer.
     */
    public static CommitLogPool open(Path dir, PoolConfig config) throws IOException {
        throw new UnsupportedOperationException("to be built");
    }

    /** A sink for one writer thread. */
    public LogSink openSink() throws IOException {
        throw new UnsupportedOperationException("to be built");
    }

    @Override
    public PendingLog take(long timeout, TimeUnit unit) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("to be built");
    }

    /** The state of every log, by slot. */
    public List<LogStatus> status() throws IOException {
        throw new UnsupportedOperationException("to be built");
    }

    /** Stops the maintainer. Sinks and pending logs must be closed first. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("to be built");
    }
}
