package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The handle's reader-writer lock on its own, with real threads. */
@Timeout(60)
class HandleLockTest {
    private final HandleLock lock = new HandleLock();
    /** Written only under the write lock, in two steps, so a reader between them would see a != b. */
    private long a;
    private long b;

    @Test
    void writersExcludeReadersAndEachOtherWhileReadersOverlap() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostReaders = new AtomicInteger();
        AtomicReference<String> broken = new AtomicReference<>();
        AtomicInteger writes = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (int t = 0; t < 6; t++) {
            boolean reader = t < 4;
            threads.add(new Thread(() -> {
                while (System.nanoTime() < end && broken.get() == null) {
                    if (reader) {
                        lock.lockShared();
                        try {
                            mostReaders.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            if (a != b) {
                                broken.compareAndSet(null, "a reader saw a write half done");
                            }
                            Thread.yield();
                            inside.decrementAndGet();
                        } finally {
                            lock.unlockShared();
                        }
                    } else {
                        lock.lockExclusive();
                        try {
                            if (inside.get() != 0) {
                                broken.compareAndSet(null, "a writer ran beside " + inside.get() + " readers");
                            }
                            a++;
                            // Long enough for a reader that ignored the writer to come in.
                            LockSupport.parkNanos(200_000);
                            if (inside.get() != 0) {
                                broken.compareAndSet(null, "a reader came in beside a writer");
                            }
                            b++;
                            writes.incrementAndGet();
                        } finally {
                            lock.unlockExclusive();
                        }
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(null, broken.get());
        assertEquals(writes.get(), a);
        assertEquals(a, b);
        assertTrue(writes.get() > 0, "no write got in: readers starved the writers");
        assertTrue(mostReaders.get() > 1, "readers never overlapped");
    }

    /**
     * One writer alone writing again and again: a reader arriving meanwhile must still get in
     * between two writes, never see one half done, and a reader arriving after the last write
     * gets in at once.
     */
    @Test
    void aLoneWritersStreamOfWritesLetsAReaderInBetweenThem() throws Exception {
        AtomicReference<String> broken = new AtomicReference<>();
        AtomicInteger reads = new AtomicInteger();
        AtomicInteger writes = new AtomicInteger();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        Thread writerThread = new Thread(() -> {
            while (System.nanoTime() < end) {
                lock.lockExclusive();
                try {
                    a++;
                    Thread.onSpinWait();
                    b++;
                    writes.incrementAndGet();
                } finally {
                    lock.unlockExclusive();
                }
                LockSupport.parkNanos(10_000);
            }
        });
        Thread reader = new Thread(() -> {
            while (System.nanoTime() < end) {
                lock.lockShared();
                try {
                    if (a != b) {
                        broken.compareAndSet(null, "a reader saw a write half done");
                    }
                    reads.incrementAndGet();
                } finally {
                    lock.unlockShared();
                }
                LockSupport.parkNanos(100_000);
            }
        });
        writerThread.start();
        reader.start();
        writerThread.join();
        reader.join();
        assertEquals(null, broken.get());
        assertEquals(a, b);
        assertTrue(writes.get() > 100, "writes: " + writes.get());
        assertTrue(reads.get() > 100, "the reader got in " + reads.get() + " times in a second");
        // With the writer gone, a new reader gets in at once.
        Thread late = new Thread(() -> {
            lock.lockShared();
            lock.unlockShared();
        });
        late.start();
        late.join(5_000);
        assertFalse(late.isAlive(), "a reader waited for a writer that had finished");
    }

    @Test
    void aReadThatIsNeverReleasedTimesOutAWriterAndLeavesReadersFree() throws Exception {
        Thread gone = new Thread(lock::lockShared);
        gone.start();
        gone.join();
        long start = System.nanoTime();
        assertFalse(lock.tryLockExclusive(TimeUnit.MILLISECONDS.toNanos(200)));
        long waited = System.nanoTime() - start;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(200) && waited < TimeUnit.SECONDS.toNanos(5), "waited " + waited);
        // The failed attempt must not keep stopping readers.
        Thread reader = new Thread(() -> {
            lock.lockShared();
            lock.unlockShared();
        });
        reader.start();
        reader.join(5_000);
        assertFalse(reader.isAlive(), "a reader waited for a writer that gave up");
    }

    @Test
    void aWriterWaitingOnItsConditionAdmitsReaders() throws Exception {
        Condition signalled = lock.newCondition();
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicInteger readersDuringWait = new AtomicInteger();
        AtomicReference<String> broken = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            lock.lockExclusive();
            try {
                waiting.countDown();
                lock.awaitUninterruptibly(signalled);
                a++;
                b++;
            } finally {
                lock.unlockExclusive();
            }
        });
        waiter.start();
        waiting.await();
        Thread reader = new Thread(() -> {
            lock.lockShared();
            readersDuringWait.incrementAndGet();
            lock.unlockShared();
        });
        reader.start();
        reader.join(5_000);
        assertFalse(reader.isAlive(), "the waiting writer kept a reader out");
        // A read in progress when the signal comes: the woken writer must wait for it.
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread slowReader = new Thread(() -> {
            lock.lockShared();
            try {
                reading.countDown();
                release.await();
                if (a != 0) {
                    broken.set("the woken writer ran beside a reader");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlockShared();
            }
        });
        slowReader.start();
        reading.await();
        Thread signaller = new Thread(() -> {
            lock.lockExclusive();
            try {
                signalled.signalAll();
            } finally {
                lock.unlockExclusive();
            }
        });
        // The signaller needs the readers gone too: release the reader once it waits.
        signaller.start();
        Thread.sleep(100);
        release.countDown();
        signaller.join(5_000);
        waiter.join(5_000);
        assertFalse(waiter.isAlive());
        assertEquals(1, readersDuringWait.get());
        assertEquals(null, broken.get());
        assertEquals(1, a);
    }

    @Test
    void theWriterMayReadAndRelockWithoutWaitingForItself() throws Exception {
        Thread t = new Thread(() -> {
            lock.lockExclusive();
            lock.lockExclusive();
            lock.lockShared();
            lock.unlockShared();
            lock.unlockExclusive();
            lock.unlockExclusive();
        });
        t.start();
        t.join(5_000);
        assertFalse(t.isAlive(), "the writer waited for itself");
        assertTrue(lock.tryLockExclusive(TimeUnit.SECONDS.toNanos(1)), "the lock stayed taken");
        lock.unlockExclusive();
    }
}
