package io.countd.server;

import io.countd.server.log.CommitLogPool;
import io.countd.server.write.FsyncPolicy;
import io.countd.server.write.GroupCommit;
import io.countd.server.write.WriteServer;
import java.io.IOException;
import java.net.InetSocketAddress;

/** {@code countd-write} wired: the write server over group commit over a sink of the pool. */
public final class WriteDaemon implements AutoCloseable {
    /** Bytes in one group-commit batch, at most: the largest frame a log receives. */
    static final int BATCH_BYTES = 1 << 20;
    /** Batches in memory at once: how far connections may run ahead of the disk. */
    static final int MAX_BATCHES = 8;

    private final WriteServer server;
    private final GroupCommit commit;

    private WriteDaemon(WriteServer server, GroupCommit commit) {
        this.server = server;
        this.commit = commit;
    }

    /**
     * Starts taking writes into {@code pool} (whose logs are {@code logBytes} long), which the caller
     * closes after this daemon.
     */
    public static WriteDaemon start(CommitLogPool pool, long logBytes, FsyncPolicy policy, InetSocketAddress listen,
            int ioThreads) throws IOException {
        // A batch is one frame, and a frame must fit in an empty log with room to spare.
        int batchBytes = (int) Math.min(BATCH_BYTES, logBytes / 4);
        GroupCommit commit = new GroupCommit(pool.openSink(), policy, batchBytes, MAX_BATCHES);
        try {
            return new WriteDaemon(WriteServer.start(listen, commit, ioThreads), commit);
        } catch (RuntimeException e) {
            commit.close();
            throw e;
        }
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public WriteServer server() {
        return server;
    }

    /** The group commit between the connections and the pool (its counters and fsync latency). */
    public GroupCommit commit() {
        return commit;
    }

    /** Stops: pending messages are stored and acknowledged, the current log is sealed. */
    @Override
    public void close() {
        server.close();
    }
}
