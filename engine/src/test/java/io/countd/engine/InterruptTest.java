package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A thread's interrupt must never cost a handle its file or its lock: Java closes an
 * interruptible file channel when its thread is interrupted, and closing the descriptor drops the
 * process's {@code fcntl} lock. Each case runs with the channels immune to interrupts (this
 * module's tests run with {@code sun.nio.ch} exported, as the launchers do) and merely shielded
 * (as in a JVM without that export), through the map and without it, on files whose older records
 * lie past the mapped size, so that reads go through the channel.
 */
class InterruptTest {
    private static final int RECORDS = 40_000;

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        Thread.interrupted();
        InterruptSafeChannel.TestHook.shieldedOnly = false;
    }

    @Test
    void thisModulesTestsRunWithChannelsThatIgnoreInterrupts() throws IOException {
        assertTrue(InterruptSafeChannel.immuneAvailable(), "the surefire argLine must export sun.nio.ch");
        try (FileChannel c = InterruptSafeChannel.openFile(dir.resolve("f"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            assertTrue(((InterruptSafeChannel) c).immune());
        }
    }

    @ParameterizedTest(name = "immune={0} mapped={1}")
    @CsvSource({"true,true", "true,false", "false,true", "false,false"})
    void callsMadeWithTheInterruptStatusSetWorkKeepTheLockAndKeepTheStatus(boolean immune, boolean mapped)
            throws IOException {
        TcOracle.requireBinaries();
        InterruptSafeChannel.TestHook.shieldedOnly = !immune;
        Path db = dir.resolve("casket");
        fill(db);
        Thread.currentThread().interrupt();
        HashDatabase h = HashDatabase.builder(db).mappedSize(0).memoryMapped(mapped).open();
        try {
            assertInterrupted("open");
            assertEquals(value(7), h.get(key(7)), "a record past the map");
            assertInterrupted("get");
            h.put(key(RECORDS), value(RECORDS));
            h.put(key(3), "replaced".repeat(40));
            h.remove(key(5));
            assertInterrupted("put and out");
            h.sync();
            assertInterrupted("sync");
            long[] seen = {0};
            h.forEach((k, v) -> seen[0]++);
            assertEquals(RECORDS, seen[0]);
            assertInterrupted("iteration");
            // The oracle's own wait for its process is interruptible: the status is off for it.
            Thread.interrupted();
            ProcessResult other = TcOracle.run(dir, 30, "tchmgr", "put", "-nb", "casket", "intruder", "x");
            assertNotEquals(0, other.exitCode(), () -> "the lock must still be held: " + other);
            Thread.currentThread().interrupt();
        } finally {
            h.close();
        }
        assertInterrupted("close");
        Thread.interrupted();
        try (HashDatabase again = HashDatabase.openReadOnly(db)) {
            assertEquals(value(RECORDS), again.get(key(RECORDS)));
            assertEquals("replaced".repeat(40), again.get(key(3)));
            assertEquals(null, again.get(key(5)));
            assertEquals(value(RECORDS - 1), again.get(key(RECORDS - 1)));
            assertEquals((long) RECORDS, again.count());
        }
        ProcessResult list = TcOracle.run(dir, 60, "tchmgr", "list", "casket");
        assertEquals(0, list.exitCode(), list::toString);
    }

    /**
     * With the lock free, an open made with the interrupt status set succeeds; when the lock is
     * taken, the wait for it is the one thing an interrupt ends, with error 16.
     */
    @Test
    void onlyAWaitForAnotherProcesssLockIsInterruptible() throws Exception {
        TcOracle.requireBinaries();
        Path db = dir.resolve("casket");
        fill(db);
        // Debian's tchmgr holds the writer's lock while it reads records from its standard input.
        Process locker = new ProcessBuilder(TcOracle.onPath("tchmgr").toString(), "importtsv", db.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            waitUntilLocked(db);
            AtomicBoolean done = new AtomicBoolean();
            Thread waiter = Thread.currentThread();
            Thread interrupter = new Thread(() -> {
                sleep(300);
                if (!done.get()) {
                    waiter.interrupt();
                }
            });
            interrupter.start();
            TcException e = assertThrows(TcException.class, () -> HashDatabase.open(db));
            done.set(true);
            boolean kept = Thread.interrupted();
            interrupter.join();
            assertEquals(TcError.LOCK, e.error(), e::getMessage);
            assertTrue(e.getMessage().contains("interrupted while waiting for the lock"), e::getMessage);
            assertTrue(kept, "the interrupt status must be kept");
        } finally {
            locker.getOutputStream().close();
            locker.waitFor();
        }
        Thread.currentThread().interrupt();
        try (HashDatabase h = HashDatabase.open(db)) {
            assertEquals(value(1), h.get(key(1)));
        }
        assertTrue(Thread.interrupted(), "the interrupt status must be kept");
    }

    /**
     * A thread interrupted again and again (every 0.1 ms) while it writes and reads without a map,
     * every access a system call. Immune channels never notice. A shielded one loses the file
     * when an interrupt lands inside a system call: that call and every later one must then fail
     * with the TcException that says so, none may succeed, and the next writer must find every
     * acknowledged put.
     */
    @ParameterizedTest(name = "immune={0}")
    @CsvSource({"true", "false"})
    void anInterruptStormNeverCostsAnAcknowledgedPut(boolean immune) throws Exception {
        TcOracle.requireBinaries();
        InterruptSafeChannel.TestHook.shieldedOnly = !immune;
        Path db = dir.resolve("storm");
        List<Integer> acknowledged = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int[] succeededAfterAFailure = {0};
        HashDatabase h = HashDatabase.builder(db).truncate().memoryMapped(false).buckets(1_000).open();
        underInterrupts(() -> {
            long end = System.nanoTime() + 1_500_000_000L;
            for (int i = 0; System.nanoTime() < end; i++) {
                try {
                    h.put(key(i), value(i));
                    acknowledged.add(i);
                    assertEquals(value(i / 2), h.get(key(i / 2)));
                    succeededAfterAFailure[0] += failures.isEmpty() ? 0 : 1;
                } catch (TcException e) {
                    failures.add(e.getMessage());
                }
            }
        }, 0, 100_000);
        try {
            h.close();
        } catch (TcException e) {
            failures.add(e.getMessage());
        }
        if (immune) {
            assertTrue(failures.isEmpty(), () -> failures.size() + " calls failed, the first: " + failures.get(0));
            assertTrue(acknowledged.size() > 100, () -> "only " + acknowledged.size() + " puts in 1.5 s");
        } else {
            if (!failures.isEmpty()) {
                assertTrue(failures.get(0).contains("closed under this handle"), failures.get(0));
            }
            for (String message : failures) {
                assertTrue(message.contains("closed under this handle") || message.contains("lost its file"), message);
            }
            assertEquals(0, succeededAfterAFailure[0], "no call may succeed once the file is lost");
        }
        try (HashDatabase again = HashDatabase.open(db)) {
            for (int i : acknowledged) {
                assertEquals(value(i), again.get(key(i)), "record " + i);
            }
        }
        ProcessResult list = TcOracle.run(dir, 60, "tchmgr", "list", "storm");
        assertEquals(0, list.exitCode(), list::toString);
    }

    /**
     * The storm over every kind of call, merely shielded (the mode where an interrupt can still
     * close the channel), through the map and without it: puts, asynchronous puts, appends,
     * removals, gets, transactions committed and aborted, syncs, defragmentation steps and an
     * occasional optimize. Every failure must be a TcException, close must release the lock, and
     * the next writer must find each key as the last acknowledged call left it (a key whose call
     * failed, old or new) and a file that verifies clean.
     */
    @ParameterizedTest(name = "mapped={0}")
    @CsvSource({"true", "false"})
    void aStormOverEveryKindOfCallLeavesOnlyTcExceptionsAndNoLostWrite(boolean mapped) throws Exception {
        TcOracle.requireBinaries();
        InterruptSafeChannel.TestHook.shieldedOnly = true;
        for (int round = 0; round < Integer.getInteger("interrupt.rounds", 6); round++) {
            Path db = dir.resolve("mixed" + mapped + round);
            Map<String, Set<String>> allowed = new HashMap<>();
            List<Throwable> unexpected = new ArrayList<>();
            HashDatabase h = HashDatabase.builder(db).truncate().memoryMapped(mapped).mappedSize(0)
                    .buckets(97).tailWindow(8192).open();
            Random random = new Random(round);
            int[] calls = {0, 0};
            // Interrupts from a random moment on, so that each round loses the file at a
            // different point of its work.
            long quiet = 20_000_000L + random.nextInt(300) * 1_000_000L;
            underInterrupts(() -> {
                List<String> pendingAsync = new ArrayList<>();
                long end = System.nanoTime() + 500_000_000L;
                for (int i = 0; System.nanoTime() < end; i++) {
                    String k = key(random.nextInt(300));
                    String v = "v" + i + "-".repeat(random.nextInt(200));
                    Set<String> before = allowed.getOrDefault(k, Set.of(""));
                    int op = random.nextInt(100);
                    calls[0]++;
                    try {
                        if (op < 30) {
                            allowed.put(k, union(before, Set.of(v)));
                            h.put(k, v);
                            allowed.put(k, Set.of(v));
                        } else if (op < 40) {
                            allowed.put(k, union(before, Set.of(v)));
                            h.putAsync(k, v);
                            pendingAsync.add(k);
                            continue;
                        } else if (op < 50) {
                            Set<String> after = new HashSet<>();
                            before.forEach(b -> after.add(b + v));
                            allowed.put(k, union(before, after));
                            h.append(k, v);
                            allowed.put(k, after);
                        } else if (op < 60) {
                            allowed.put(k, union(before, Set.of("")));
                            h.remove(k);
                            allowed.put(k, Set.of(""));
                        } else if (op < 80) {
                            String got = h.get(k);
                            if (!before.contains(got == null ? "" : got) && !pendingAsync.contains(k)) {
                                unexpected.add(new AssertionError(k + ": read " + got + ", allowed " + before));
                            }
                        } else if (op < 88) {
                            String k2 = key(random.nextInt(300));
                            Set<String> before2 = allowed.getOrDefault(k2, Set.of(""));
                            boolean commit = random.nextBoolean();
                            allowed.put(k, union(before, Set.of(v)));
                            allowed.put(k2, union(before2, Set.of(v + "b")));
                            h.beginTransaction();
                            h.put(k, v);
                            h.put(k2, v + "b");
                            if (commit) {
                                h.commitTransaction();
                                allowed.put(k, Set.of(v));
                                allowed.put(k2, Set.of(v + "b"));
                            } else {
                                h.abortTransaction();
                                allowed.put(k, before);
                                allowed.put(k2, before2);
                                if (k.equals(k2)) {
                                    allowed.put(k, before);
                                }
                            }
                        } else if (op < 93) {
                            h.sync();
                        } else if (op < 99) {
                            h.defragment(10);
                        } else {
                            h.optimize();
                        }
                        pendingAsync.clear();
                    } catch (TcException e) {
                        // The call's outcome is unknown: old or new, as allowed above.
                        calls[1]++;
                    } catch (Throwable t) {
                        unexpected.add(t);
                    }
                }
            }, quiet, 1_000_000);
            try {
                h.close();
            } catch (TcException e) {
                // Reported, and the file released all the same (checked below).
            } catch (Throwable t) {
                unexpected.add(t);
            }
            assertTrue(unexpected.isEmpty(), () -> unexpected.size() + " unexpected, the first: " + unexpected.get(0));
            System.out.println("InterruptTest storm (mapped " + mapped + ", round " + round + "): " + calls[0]
                        + " calls, " + calls[1] + " failed with a TcException");
            ProcessResult inform = TcOracle.run(dir, 30, "tchmgr", "inform", "-nb", db.getFileName().toString());
            assertEquals(0, inform.exitCode(), () -> "close must release the lock: " + inform);
            try (HashDatabase again = HashDatabase.open(db)) {
                for (Map.Entry<String, Set<String>> e : allowed.entrySet()) {
                    String got = again.get(e.getKey());
                    assertTrue(e.getValue().contains(got == null ? "" : got),
                            () -> e.getKey() + ": found " + got + ", allowed " + e.getValue());
                }
                assertEquals(List.of(), again.verify());
            }
        }
    }

    /**
     * Runs {@code work} on a thread of its own, which another thread interrupts every
     * {@code everyNanos} from {@code quietNanos} on, until the work ends.
     */
    private static void underInterrupts(Runnable work, long quietNanos, long everyNanos) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread worker = new Thread(() -> {
            try {
                work.run();
            } finally {
                running.set(false);
            }
        });
        Thread interrupter = new Thread(() -> {
            LockSupport.parkNanos(quietNanos);
            while (running.get()) {
                worker.interrupt();
                LockSupport.parkNanos(everyNanos);
            }
        });
        worker.start();
        interrupter.start();
        worker.join();
        interrupter.join();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    private void fill(Path db) {
        try (HashDatabase h = HashDatabase.builder(db).truncate().mappedSize(0).open()) {
            for (int i = 0; i < RECORDS; i++) {
                h.put(key(i), value(i));
            }
        }
    }

    private static String key(int i) {
        return "key" + i;
    }

    private static String value(int i) {
        return ("value" + i + ' ').repeat(40);
    }

    private static void assertInterrupted(String after) {
        if (!Thread.currentThread().isInterrupted()) {
            fail("the interrupt status was lost by " + after);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntilLocked(Path db) throws IOException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            try (FileChannel c = FileChannel.open(db, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock l = c.tryLock();
                if (l == null) {
                    return;
                }
                l.release();
            }
            sleep(20);
        }
        fail("tchmgr never took the lock");
    }
}
