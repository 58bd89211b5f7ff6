package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.rank.RankModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores in different processes on one folder: a read-only process reading while a worker process
 * applies sees whole logs only, in order; two worker processes racing over the same logs apply
 * each exactly once.
 */
class CrossProcessTest {
    private static final String KS = "shared";
    private static final int LOGS = 30;

    @TempDir
    Path dir;

    @Test
    void aReadOnlyProcessSeesWholeLogsWhileAWorkerApplies() throws Exception {
        Path folder = dir.resolve("keyspaces");
        Logs logs = new Logs(11, 3000, 800);
        logs.modelAfter(LOGS);
        Process worker = ApplyLoop.start(folder, KS, 11, 3000, 800, 1, LOGS);
        int views = 0;
        int lastSeen = 0;
        int states = 0;
        try (KeyspaceStore reader = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_ONLY)) {
            while (worker.isAlive()) {
                try (KeyspaceView v = reader.view(KS.getBytes(StandardCharsets.UTF_8))) {
                    List<RankModel.Row> rows = Rows.all(v);
                    assertEquals(v.size(), rows.size());
                    int state = lastSeen;
                    while (state <= LOGS && !logs.modelAfter(state).all().equals(rows)) {
                        state++;
                    }
                    assertTrue(state <= LOGS, "a view of " + rows.size() + " rows matches no whole number of logs from "
                            + lastSeen + " on");
                    states += state > lastSeen ? 1 : 0;
                    lastSeen = state;
                    views++;
                }
            }
            assertEquals(0, worker.waitFor(), "the worker failed");
            try (KeyspaceView v = reader.view(KS.getBytes(StandardCharsets.UTF_8))) {
                assertEquals(logs.modelAfter(LOGS).all(), Rows.all(v));
            }
        } finally {
            worker.destroyForcibly();
        }
        System.out.println("cross-process: " + views + " consistent read-only views, " + states + " distinct states seen");
    }

    @Test
    void twoWorkersOverTheSameLogsApplyEachOnce() throws Exception {
        Path folder = dir.resolve("keyspaces");
        Logs logs = new Logs(12, 2000, 600);
        Process a = ApplyLoop.start(folder, KS, 12, 2000, 600, 1, LOGS);
        Process b = ApplyLoop.start(folder, KS, 12, 2000, 600, 1, LOGS);
        try {
            assertTrue(a.waitFor(5, TimeUnit.MINUTES) && b.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, a.exitValue());
            assertEquals(0, b.exitValue());
        } finally {
            a.destroyForcibly();
            b.destroyForcibly();
        }
        KeyspaceFileInspector.Contents c = KeyspaceFileInspector.inspect(folder.resolve(KeyspaceNames.fileName(
                KS.getBytes(StandardCharsets.UTF_8))));
        assertEquals((long) LOGS, c.marks().get(0));
        assertEquals(logs.modelAfter(LOGS).all(), c.counters().all(), "each log applied exactly once");
        assertEquals(LOGS, c.meta().version(), "one version per applied log: no log applied twice");
    }
}
