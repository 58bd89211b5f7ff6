package io.countd.server.log;

import static io.countd.server.log.LogTesting.batch;
import static io.countd.server.log.LogTesting.config;
import static io.countd.server.log.LogTesting.later;
import static io.countd.server.log.LogTesting.numbers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer seals logs while three worker threads of this process and a worker process take them:
 * no two threads hold one slot at once, and every sealed log is applied exactly once, whole.
 */
class ConcurrentTakeTest {
    private static final int LOGS = 30;
    private static final int FRAMES = 3;
    private static final int FRAME_RECORDS = 50;
    private static final int LOG_RECORDS = FRAMES * FRAME_RECORDS;

    @TempDir
    Path dir;

    /** What one worker applied. */
    record Applied(int slot, long generation, long records, long min, long max) {
    }

    @Test
    void threadsAndAnotherProcessTakeEverySealedLogExactlyOnce() throws Exception {
        List<Applied> applied = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        try (CommitLogPool pool = CommitLogPool.open(dir, config(2, 6, 1));
                ChildProcess child = new ChildProcess("drain", dir)) {
            assertEquals("ready", child.line());
            CountDownLatch childApplied = new CountDownLatch(1);
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = child.line()) != null) {
                        String[] f = line.split(" ");
                        applied.add(new Applied(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                                Long.parseLong(f[4]), Long.parseLong(f[5])));
                        childApplied.countDown();
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            reader.start();

            AtomicBoolean written = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                try (LogSink sink = pool.openSink()) {
                    for (int log = 0; log < LOGS; log++) {
                        for (int f = 0; f < FRAMES; f++) {
                            sink.write(batch((long) log * LOG_RECORDS + f * FRAME_RECORDS, FRAME_RECORDS));
                        }
                        sink.tick(later());
                    }
                } catch (Exception e) {
                    failures.add(e);
                } finally {
                    written.set(true);
                }
            });
            writer.start();
            assertTrue(childApplied.await(60, TimeUnit.SECONDS), "the worker process applied nothing");

            Set<Integer> heldNow = ConcurrentHashMap.newKeySet();
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                Thread t = new Thread(() -> {
                    try {
                        while (true) {
                            boolean last = written.get();
                            PendingLog p = pool.take(50, TimeUnit.MILLISECONDS);
                            if (p == null) {
                                if (last) {
                                    return;
                                }
                                continue;
                            }
                            if (!heldNow.add(p.stream())) {
                                throw new AssertionError("slot " + p.stream() + " held twice at once");
                            }
                            List<Long> seqs = numbers(p);
                            heldNow.remove(p.stream());
                            p.markApplied();
                            applied.add(new Applied(p.stream(), p.position(), seqs.size(),
                                    seqs.stream().mapToLong(Long::longValue).min().orElse(-1),
                                    seqs.stream().mapToLong(Long::longValue).max().orElse(-1)));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                });
                workers.add(t);
                t.start();
            }
            writer.join();
            for (Thread t : workers) {
                t.join();
            }
            assertEquals(0, child.process.waitFor(), "the worker process ends after 2 s without logs");
            reader.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(LOGS, applied.size(), applied::toString);
        Set<List<Long>> logs = new HashSet<>();
        List<Applied> byRecords = new ArrayList<>(applied);
        byRecords.sort(Comparator.comparingLong(Applied::min));
        for (int i = 0; i < LOGS; i++) {
            Applied a = byRecords.get(i);
            assertTrue(logs.add(List.of((long) a.slot(), a.generation())), "applied twice: " + a);
            assertEquals(new Applied(a.slot(), a.generation(), LOG_RECORDS, (long) i * LOG_RECORDS,
                    (long) (i + 1) * LOG_RECORDS - 1), a);
        }
    }
}
