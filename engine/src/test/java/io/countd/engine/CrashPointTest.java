package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A process that dies between two writes, at every write of a session in turn: a scripted random
 * session (puts that grow and move records, appends, removals of records with two children,
 * asynchronous puts, transactions, defragmentation) is stopped at its n-th write through the
 * engine's I/O seam, for every n, and the file as it stands then is checked with Debian's
 * {@code tchmgr list} and the engine (see {@link CrashCheck}): no acknowledged write is lost, the
 * interrupted step's keys hold their old or new values, and a writer opens the file and leaves it
 * sound. This is what a SIGKILL can leave, enumerated instead of sampled. The session runs
 * through a memory map and, at one alignment, without one.
 */
class CrashPointTest {
    @TempDir
    Path dir;

    /** Thrown by the seam at the chosen write: the process "dies" there. */
    static final class Death extends Error {
        private static final long serialVersionUID = 1L;

        Death() {
            super("simulated death", null, false, false);
        }
    }

    @AfterEach
    void removeHook() {
        IoSeam.hook = null;
    }

    /** Whether the session's handles use a memory map. */
    private boolean mapped;

    @ParameterizedTest(name = "alignment power {0}, memory-mapped {1}")
    @CsvSource({"4, true", "0, true", "4, false"})
    void everyWriteIsASafePlaceToDie(int apow, boolean mapped) throws IOException {
        TcOracle.requireBinaries();
        this.mapped = mapped;
        Random r = new Random(1000 + apow);
        Path base = dir.resolve("base");
        Map<String, String> model = new HashMap<>();
        try (HashDatabase db = HashDatabase.builder(base).memoryMapped(mapped).truncate().buckets(3)
                .alignmentPower(apow).freeBlockPoolPower(3).open()) {
            for (Unit u : Unit.randomWorkload(r, 60)) {
                u.apply(db);
                u.apply(model);
            }
        }
        List<Unit> session = Unit.randomWorkload(r, 40);
        int writes = countWrites(base, session);
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int n = 0; n < writes && failures.size() < 5; n++) {
            Path db = dir.resolve("casket");
            Files.copy(base, db, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(dir.resolve("casket.wal"));
            Map<String, String> before = new HashMap<>(model);
            Unit cut = run(db, session, n, before);
            if (cut == null) {
                continue;
            }
            Map<String, String> after = new HashMap<>(before);
            cut.apply(after);
            // The oracle on every third point keeps the run short; the engine checks every point.
            List<String> problems = new CrashCheck(before, after, cut.touched).check(dir, "image", n % 3 == 0);
            checked++;
            if (!problems.isEmpty()) {
                failures.add("died at write " + n + " of " + writes + ", in step '" + cut + "': " + problems);
            }
        }
        System.err.println("CrashPointTest apow " + apow + (mapped ? "" : " without a map") + ": " + checked
                + " crash points of " + writes + " writes, " + failures.size() + " failing");
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertTrue(checked > 100, "the session must write enough to test");
    }

    /** How many writes the session makes when nothing goes wrong. */
    private int countWrites(Path base, List<Unit> session) throws IOException {
        Path db = dir.resolve("count");
        Files.copy(base, db, StandardCopyOption.REPLACE_EXISTING);
        int[] count = {0};
        IoSeam.hook = new IoSeam.Hook() {
            @Override
            public void beforeWrite(boolean log, long off, long len) {
                count[0]++;
            }

            @Override
            public void beforeTruncate(boolean log, long size) {
                count[0]++;
            }
        };
        try (HashDatabase h = HashDatabase.builder(db).memoryMapped(mapped).create(false).open()) {
            session.forEach(u -> u.apply(h));
        } finally {
            IoSeam.hook = null;
        }
        return count[0];
    }

    /**
     * Runs the session on {@code db} until its {@code death}-th write; copies the file and its log
     * as they are then to {@code image}. Returns the step that was cut short, with {@code model}
     * holding the state before it, or null if the session ended first.
     */
    private Unit run(Path db, List<Unit> session, int death, Map<String, String> model) throws IOException {
        int[] count = {0};
        IoSeam.hook = new IoSeam.Hook() {
            @Override
            public void beforeWrite(boolean log, long off, long len) {
                tick();
            }

            @Override
            public void beforeTruncate(boolean log, long size) {
                tick();
            }

            private void tick() {
                if (count[0]++ >= death) {
                    throw new Death();
                }
            }
        };
        HashDatabase h = null;
        Unit cut = null;
        try {
            h = HashDatabase.builder(db).memoryMapped(mapped).create(false).open();
            for (Unit u : session) {
                cut = u;
                u.apply(h);
                u.apply(model);
            }
            cut = null;
        } catch (Death d) {
            Files.copy(db, dir.resolve("image"), StandardCopyOption.REPLACE_EXISTING);
            Path wal = dir.resolve("casket.wal");
            Files.deleteIfExists(dir.resolve("image.wal"));
            if (Files.exists(wal)) {
                Files.copy(wal, dir.resolve("image.wal"));
            }
        } finally {
            IoSeam.hook = null;
            if (h != null) {
                try {
                    h.close();
                } catch (TcException ignored) {
                    // the image was taken; what this handle does now does not matter
                }
            }
        }
        if (cut == null && count[0] <= death) {
            return null;
        }
        return cut;
    }
}
