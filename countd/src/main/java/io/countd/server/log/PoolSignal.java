package io.countd.server.log;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A change counter for the logs of one folder in this process: bumped when a log is sealed,
 * recycled, released or created, so waiting writers and workers look again at once instead of at
 * the next poll. A waiter reads {@link #version()} before looking, so no change is missed.
 */
final class PoolSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;

    long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    void bump() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the version differs from {@code seen} or {@code nanos} have passed. */
    void await(long seen, long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (version == seen && left > 0) {
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }
}
