package io.countd.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock of one {@link HashDatabase} handle: any number of readers at once, or one writer.
 *
 * <p>Why not {@link java.util.concurrent.locks.ReentrantReadWriteLock}: every read acquisition
 * and release there is a compare-and-set on one shared word, plus a thread-local hold count as soon
 * as two threads read. With four threads reading through one handle that word's cache line moved
 * between the cores on every call, and four readers took longer than one. Here a reader counts
 * itself in a slot chosen by its thread (slots a cache-line pair apart), so readers on different
 * cores write different lines, and only a writer reads them all.
 *
 * <p>Protocol: a reader increments its slot, then reads whether {@link #writer} is locked; a writer
 * locks it (a compare-and-set of its state), then waits for every slot to be zero. Both are
 * synchronization actions, so one of the two sees the other: either the writer sees the count and
 * waits, or the reader sees the lock taken, takes its count back and waits for the writer to finish.
 * Writers are preferred: a waiting writer stops new readers.
 *
 * <p>Contract: reads are not reentrant while a writer waits (a thread holding a read that asks
 * again could wait forever for a writer that waits for it), so no call of the handle takes the
 * lock while it holds it, except that the writer may read. The write side is reentrant. A read
 * taken by a thread that died without releasing it (see {@link HashDatabase#close()}) keeps every
 * writer out, which only {@link #tryLockExclusive} survives.
 */
final class HandleLock {
    /** Longs between two slots: 128 bytes, so that adjacent-line prefetch does not pair them. */
    private static final int STRIDE = 16;
    private static final int MAX_SLOTS = 64;
    private static final long PARK_MAX_NANOS = 1_000_000;

    private final ReentrantLock writer = new ReentrantLock();
    private final AtomicLongArray readers;
    private final int mask;

    HandleLock() {
        int wanted = Math.min(MAX_SLOTS, 2 * Runtime.getRuntime().availableProcessors());
        int slots = Integer.highestOneBit(wanted - 1) << 1;
        readers = new AtomicLongArray(slots * STRIDE);
        mask = slots - 1;
    }

    private int slot() {
        // Fibonacci hashing spreads consecutive thread ids over the slots.
        return (int) ((Thread.currentThread().getId() * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    }

    /** Takes a read; waits while a writer holds or waits for the lock. */
    void lockShared() {
        int i = slot() * STRIDE;
        while (true) {
            readers.getAndIncrement(i);
            if (!writer.isLocked() || writer.isHeldByCurrentThread()) {
                return;
            }
            readers.getAndDecrement(i);
            writer.lock();
            writer.unlock();
        }
    }

    /** Releases a read taken by this thread. */
    void unlockShared() {
        readers.getAndDecrement(slot() * STRIDE);
    }

    /** Takes the write lock: waits for the writer before and for every read in progress. */
    void lockExclusive() {
        writer.lock();
        if (writer.getHoldCount() == 1) {
            awaitReaders(Long.MAX_VALUE);
        }
    }

    /**
     * Takes the write lock if that is possible within {@code nanos}; false if a writer held it or
     * reads stayed in progress for that long.
     */
    boolean tryLockExclusive(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        if (!writer.tryLock(nanos, TimeUnit.NANOSECONDS)) {
            return false;
        }
        if (writer.getHoldCount() > 1) {
            return true;
        }
        if (!awaitReaders(deadline)) {
            writer.unlock();
            return false;
        }
        return true;
    }

    /** Releases the write lock. */
    void unlockExclusive() {
        writer.unlock();
    }

    /** A condition of the write lock; wait on it with {@link #awaitUninterruptibly}. */
    Condition newCondition() {
        return writer.newCondition();
    }

    /**
     * Waits for {@code condition} to be signalled with the write lock released, readers admitted
     * meanwhile; holds the write lock again when it returns. Held once, not reentrantly.
     */
    void awaitUninterruptibly(Condition condition) {
        if (writer.getHoldCount() != 1) {
            throw new IllegalMonitorStateException("the write lock must be held exactly once");
        }
        condition.awaitUninterruptibly();
        awaitReaders(Long.MAX_VALUE);
    }

    /** Waits until no read is in progress, at the latest until {@code deadline}; false if too late. */
    private boolean awaitReaders(long deadline) {
        long park = 1_000;
        for (int s = 0; s <= mask; s++) {
            int spins = 0;
            while (readers.get(s * STRIDE) != 0) {
                if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline > 0) {
                    return false;
                }
                // Reads are short: spin a little, then back off, since a reader may have lost its core.
                if (++spins < 100) {
                    Thread.onSpinWait();
                } else if (spins < 120) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(park);
                    park = Math.min(PARK_MAX_NANOS, park * 2);
                }
            }
        }
        return true;
    }
}
