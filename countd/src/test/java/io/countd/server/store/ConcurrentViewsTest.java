package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.rank.RankModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Readers in the applying process: every view shows the state after a whole number of logs, never
 * part of one, stays on that state for its life however many logs are applied meanwhile, and the
 * states a reader sees never go back.
 */
class ConcurrentViewsTest {
    private static final byte[] KS = "concurrent".getBytes(StandardCharsets.UTF_8);
    private static final int LOGS = 40;

    @TempDir
    Path dir;

    @Test
    void viewsSeeWholeLogsOnly() throws Exception {
        Logs logs = new Logs(5, 3000, 1200);
        logs.modelAfter(LOGS);
        AtomicInteger applied = new AtomicInteger();
        AtomicInteger views = new AtomicInteger();
        AtomicInteger spanning = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (KeyspaceStore store = KeyspaceStore.open(dir.resolve("keyspaces"), KeyspaceStore.Access.READ_WRITE)) {
            Future<?> applier = pool.submit(() -> {
                for (int n = 1; n <= LOGS; n++) {
                    assertTrue(store.apply(KS, 0, n, logs.log(n).deltas));
                    applied.set(n);
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                long seed = r;
                readers.add(pool.submit(() -> {
                    Random rnd = new Random(seed);
                    int lastSeen = 0;
                    while (applied.get() < LOGS) {
                        int before = applied.get();
                        try (KeyspaceView v = store.view(KS)) {
                            long size = v.size();
                            List<RankModel.Row> rows = new ArrayList<>();
                            while (rows.size() < size) {
                                rows.addAll(Rows.read(v, rows.size(), 1 + rnd.nextInt(700)));
                                Thread.yield();
                            }
                            int state = matchingState(logs, rows, lastSeen, applied.get() + 1);
                            assertTrue(state >= before, "a view older than the last apply before it");
                            lastSeen = state;
                            if (applied.get() > state) {
                                spanning.incrementAndGet();
                            }
                            views.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            applier.get(5, TimeUnit.MINUTES);
            for (Future<?> r : readers) {
                r.get(5, TimeUnit.MINUTES);
            }
            try (KeyspaceView v = store.view(KS)) {
                assertEquals(logs.modelAfter(LOGS).all(), Rows.all(v));
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("concurrent views: " + views + " consistent views during " + LOGS + " applies, "
                + spanning + " of them outlived at least one apply");
        assertTrue(views.get() > 0);
    }

    @Test
    void aViewPinnedDuringAnApplyOutlivesLaterApplies() throws Exception {
        Logs logs = new Logs(6, 4000, 2000);
        logs.modelAfter(LOGS);
        Path folder = dir.resolve("keyspaces");
        Path wal = folder.resolve(KeyspaceNames.fileName(KS) + ".wal");
        AtomicInteger applied = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        boolean pinned = false;
        try (KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE)) {
            Future<?> applier = pool.submit(() -> {
                for (int n = 1; n <= LOGS && !stop.get(); n++) {
                    store.apply(KS, 0, n, logs.log(n).deltas);
                    applied.set(n);
                }
                return null;
            });
            while (!pinned && applied.get() < LOGS - 3) {
                // The write-ahead log exists while an apply holds the file: a view opened now shares its handle.
                while (!Files.exists(wal) && applied.get() < LOGS - 3) {
                    Thread.onSpinWait();
                }
                int before = applied.get();
                try (KeyspaceView v = store.view(KS)) {
                    if (!(v instanceof SnapshotView sv) || !sv.sharesWriterHandle()) {
                        continue;
                    }
                    int state = identify(logs, v, before, applied.get() + 1);
                    while (applied.get() < state + 2 && applied.get() < LOGS) {
                        Thread.onSpinWait();
                    }
                    assertTrue(applied.get() >= state + 2, "the applier must go on while the view is open");
                    assertEquals(logs.modelAfter(state).all(), Rows.all(v), "a pinned view after two more applies");
                    pinned = true;
                }
            }
            stop.set(true);
            applier.get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(pinned, "never managed to open a view while an apply held the file");
    }

    /** The state (number of logs) whose listing is {@code rows}, searched in [from, to]. */
    private static int matchingState(Logs logs, List<RankModel.Row> rows, int from, int to) {
        for (int k = from; k <= Math.min(to, LOGS); k++) {
            if (logs.modelAfter(k).all().equals(rows)) {
                return k;
            }
        }
        throw new AssertionError("a view of " + rows.size() + " rows matches no whole number of logs in [" + from + ", " + to + "]");
    }

    /**
     * The state of a view known to be one of [from, to], told by its size and first rows only, so
     * that the view loads little of the tree.
     */
    private static int identify(Logs logs, KeyspaceView v, int from, int to) {
        List<RankModel.Row> top = Rows.read(v, 0, 20);
        int found = -1;
        for (int k = from; k <= Math.min(to, LOGS); k++) {
            List<RankModel.Row> all = logs.modelAfter(k).all();
            if (all.size() == v.size() && all.subList(0, Math.min(20, all.size())).equals(top)) {
                assertEquals(-1, found, "states " + found + " and " + k + " look alike");
                found = k;
            }
        }
        assertTrue(found >= 0, "the view matches no state in [" + from + ", " + to + "]");
        return found;
    }
}
