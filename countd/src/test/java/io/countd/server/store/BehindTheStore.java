package io.countd.server.store;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcError;
import io.countd.engine.TcException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Opens a keyspace file in this process beside an open store, once the store has let go of it: a
 * store keeps a handle open for a while after its last user ({@link KeyspaceFile#LINGER_NANOS}),
 * and the engine allows one handle per file and process.
 */
final class BehindTheStore {
    private BehindTheStore() {
    }

    /**
     * A handle on {@code file}, as soon as the store has closed its own.
     *
     * @throws AssertionError if the store still holds the file after {@code within}
     */
    static HashDatabase open(Path file, boolean writer, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return writer ? HashDatabase.open(file) : HashDatabase.openReadOnly(file);
            } catch (TcException e) {
                if (e.error() != TcError.THREAD) {
                    throw e;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("the store still holds " + file + " after " + within, e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }
}
