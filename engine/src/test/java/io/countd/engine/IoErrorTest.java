package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * I/O errors at every write site in turn: a scripted session (the workload of
 * {@link CrashPointTest}) meets, at its n-th write, truncation or flush, a full disk (ENOSPC: that
 * write and every later one fail) or an I/O error (EIO: only that one fails), for every n. The step
 * that meets it must fail with a {@link TcException} carrying TC's code for the failed call, the
 * handle must close and release its lock, and the file must open again with every acknowledged
 * write in place, the failed step's keys old or new ({@link CrashCheck}).
 */
class IoErrorTest {
    private static final Set<TcError> IO_ERRORS = EnumSet.of(TcError.WRITE, TcError.TRUNC, TcError.SYNC,
            TcError.CLOSE, TcError.OPEN);

    @TempDir
    Path dir;

    @AfterEach
    void removeHook() {
        IoSeam.hook = null;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"No space left on device", "Input/output error"})
    void everyWriteSiteFailsCleanly(String error) throws IOException {
        TcOracle.requireBinaries();
        boolean persistent = error.startsWith("No space");
        Random r = new Random(77);
        Path base = dir.resolve("base");
        Map<String, String> model = new HashMap<>();
        try (HashDatabase db = HashDatabase.builder(base).truncate().buckets(3).freeBlockPoolPower(3).open()) {
            for (Unit u : Unit.randomWorkload(r, 60)) {
                u.apply(db);
                u.apply(model);
            }
        }
        List<Unit> session = Unit.randomWorkload(r, 30);
        List<String> failures = new ArrayList<>();
        int sites = 0;
        for (int n = 0; failures.size() < 5; n++) {
            Path db = dir.resolve("casket");
            Files.copy(base, db, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(dir.resolve("casket.wal"));
            Map<String, String> before = new HashMap<>(model);
            int[] count = {0};
            int site = n;
            IoSeam.hook = new IoSeam.Hook() {
                @Override
                public void beforeWrite(boolean log, long off, long len) throws IOException {
                    tick();
                }

                @Override
                public void beforeTruncate(boolean log, long size) throws IOException {
                    tick();
                }

                @Override
                public void beforeSync(boolean log) throws IOException {
                    tick();
                }

                private void tick() throws IOException {
                    int at = count[0]++;
                    if (at == site || (persistent && at > site)) {
                        throw new IOException(error);
                    }
                }
            };
            Unit failed = null;
            HashDatabase h = null;
            try {
                h = HashDatabase.builder(db).create(false).open();
                for (Unit u : session) {
                    failed = u;
                    u.apply(h);
                    u.apply(before);
                }
                failed = null;
            } catch (TcException e) {
                if (!IO_ERRORS.contains(e.error())) {
                    failures.add("write " + n + ", step '" + failed + "': " + e);
                }
            } catch (RuntimeException | Error e) {
                failures.add("write " + n + ", step '" + failed + "': not a TcException: " + e);
            }
            if (h != null) {
                try {
                    h.close();
                } catch (TcException e) {
                    if (!IO_ERRORS.contains(e.error()) && e.error() != TcError.RHEAD) {
                        failures.add("write " + n + ": close: " + e);
                    }
                }
            }
            IoSeam.hook = null;
            if (count[0] <= n) {
                break;
            }
            sites++;
            released(db, n, failures);
            Map<String, String> after = new HashMap<>(before);
            List<String> touched = List.of();
            if (failed != null) {
                failed.apply(after);
                touched = failed.touched;
            }
            List<String> problems = new CrashCheck(before, after, touched).check(dir, "casket", n % 5 == 0);
            if (!problems.isEmpty()) {
                failures.add("write " + n + ", step '" + failed + "': " + problems);
            }
        }
        System.err.println("IoErrorTest '" + error + "': " + sites + " write sites, " + failures.size() + " failing");
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertTrue(sites > 100, "the session must write enough to test");
    }

    /**
     * A rebuild (optimize, vanish) closes the file and opens it again; when that fails, nothing is
     * left open. The handle must then say so on every call and close without error: before, it
     * went on with no file, and its close threw a NullPointerException (found by
     * {@link InterruptTest}'s mixed storm, an interrupt inside the reopen).
     */
    @ParameterizedTest
    @ValueSource(strings = {"optimize", "vanish"})
    void aRebuildWhoseReopenFailsLeavesAHandleThatOnlyCloses(String rebuild) throws IOException {
        Path db = dir.resolve("casket");
        HashDatabase h = HashDatabase.builder(db).truncate().open();
        for (int i = 0; i < 100; i++) {
            h.put("key" + i, "value" + i);
        }
        h.sync();
        IoSeam.hook = (log, off, len) -> {
            if (StackWalker.getInstance().walk(f -> f.anyMatch(x -> x.getClassName().equals(Engine.class.getName())
                    && (x.getMethodName().equals("reopen") || x.getMethodName().equals("recreateEmpty"))))) {
                throw new IOException("injected into the reopen");
            }
        };
        try {
            TcException e = assertThrows(TcException.class,
                    rebuild.equals("optimize") ? h::optimize : h::vanish);
            assertTrue(e.getMessage().contains("could not reopen the file"), e::getMessage);
        } finally {
            IoSeam.hook = null;
        }
        TcException later = assertThrows(TcException.class, () -> h.get("key1"));
        assertTrue(later.getMessage().contains("lost its file"), later::getMessage);
        assertThrows(TcException.class, () -> h.put("key1", "x"));
        h.close();
        List<String> failures = new ArrayList<>();
        released(db, 0, failures);
        assertEquals(List.of(), failures);
        try (HashDatabase again = HashDatabase.open(db)) {
            assertEquals(List.of(), again.verify());
            if (rebuild.equals("optimize")) {
                assertEquals(100, again.count());
                assertEquals("value7", again.get("key7"));
            }
        }
    }

    private static void released(Path db, int n, List<String> failures) {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            FileLock l = ch.tryLock();
            if (l == null) {
                failures.add("write " + n + ": the lock is held after close");
            } else {
                l.release();
            }
        } catch (IOException | RuntimeException e) {
            failures.add("write " + n + ": the lock is held after close: " + e);
        }
    }
}
