package io.countd.server.log;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * The read side of a commit-log source: where workers take sealed logs.
 *
 * <p><b>Threads:</b> thread-safe; many workers, in this and other processes, take logs at once and
 * never receive the same log while one of them holds it.
 */
public interface LogSource {
    /**
     * Takes a sealed log that no live process holds, oldest first, waiting up to {@code timeout}
     * for one to appear. Logs abandoned by dead holders are recovered (sealed) on the way.
     *
     * @return the log, which the caller must close; null when none appeared in time
     */
    PendingLog take(long timeout, TimeUnit unit) throws IOException, InterruptedException;
}
