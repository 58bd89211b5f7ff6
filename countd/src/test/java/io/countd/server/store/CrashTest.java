package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.rank.RankModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process is killed with SIGKILL at random moments while it applies logs, again and
 * again. After every kill the file opens (the engine rolls back an interrupted transaction), holds
 * exactly the logs its mark records, no more and no less, every log the worker had reported as
 * applied, and a rank tree that passes every invariant. Each new worker starts again from log 1,
 * so logs applied before the crash are skipped by their mark.
 */
class CrashTest {
    private static final int KILLS = 20;
    private static final String KS = "crash";

    @TempDir
    Path dir;

    @Test
    void killedWorkersLeaveWholeLogsOnly() throws Exception {
        Path folder = dir.resolve("keyspaces");
        Path file = folder.resolve(KeyspaceNames.fileName(KS.getBytes(StandardCharsets.UTF_8)));
        Logs logs = new Logs(77, 2000, 600);
        Random rnd = new Random(78);
        long acknowledged = 0;
        int insideTransaction = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            Process p = ApplyLoop.start(folder, KS, 77, 2000, 600, (int) Math.max(1, acknowledged), 100_000);
            int reported = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                int lines = rnd.nextInt(4);
                String line;
                while (reported < acknowledged + lines && (line = out.readLine()) != null) {
                    reported = Integer.parseInt(line);
                }
                Thread.sleep(rnd.nextInt(40));
                p.destroyForcibly();
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the worker did not die");
            }
            acknowledged = Math.max(acknowledged, reported);
            Path wal = file.resolveSibling(file.getFileName() + ".wal");
            if (Files.exists(wal) && Files.size(wal) > 0) {
                insideTransaction++;
            }
            if (!Files.exists(file)) {
                continue;
            }
            KeyspaceFileInspector.Contents c = KeyspaceFileInspector.inspect(file);
            long mark = c.marks().getOrDefault(0, 0L);
            assertTrue(mark >= acknowledged, "log " + acknowledged + " was reported applied, the mark says " + mark);
            RankModel expected = logs.modelAfter((int) mark);
            assertEquals(expected.all(), c.counters().all(), "state after kill " + kill + " must be logs 1.." + mark);
            acknowledged = mark;
            try (KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_ONLY);
                    KeyspaceView v = store.view(KS.getBytes(StandardCharsets.UTF_8))) {
                assertEquals(expected.all(), Rows.all(v));
            }
        }
        System.out.println("crash test: " + KILLS + " kills, " + acknowledged + " logs applied in the end, "
                + insideTransaction + " kills left a transaction to roll back");
        assertTrue(acknowledged > KILLS / 2, "the workers made too little progress to test anything: " + acknowledged);
    }
}
