package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.TcOracle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes: a child JVM runs a random workload (puts that grow and move records, appends,
 * removals, asynchronous puts, transactions, defragmentation) on one database file and is killed
 * with SIGKILL at a random moment; it logged (fsynced) every step it began and finished. After each
 * kill the file is checked with Debian's {@code tchmgr list} and the engine ({@link CrashCheck}):
 * every acknowledged write is there, the step in flight is all-old or all-new per key, and a writer
 * opens the file and leaves it sound. The next iteration continues on the same file.
 *
 * <p>{@code -Dcrash.iterations=N} sets the number of kills (100 by default, 10,000 with the soak
 * profile); {@code -Dcrash.seed=S} the seed.
 */
class CrashLoopTest {
    static final int STEPS = 5000;
    private static final int ITERATIONS = Integer.getInteger("crash.iterations", 100);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        TcOracle.requireBinaries();
        long seed0 = Long.getLong("crash.seed", 1);
        Random timing = new Random(seed0);
        Path db = dir.resolve("casket");
        Path log = dir.resolve("acks");
        Map<String, String> model = new HashMap<>();
        List<String> failures = new ArrayList<>();
        int kills = 0;
        int stepsAcknowledged = 0;
        for (int it = 0; it < ITERATIONS && failures.size() < 3; it++) {
            long seed = seed0 * 1_000_003L + it;
            List<Unit> units = Unit.randomWorkload(new Random(seed), STEPS);
            Process p = new ProcessBuilder(JavaChild.command(List.of("-Xmx128m"), CrashLoopChild.class, db.toString(),
                    log.toString(), String.valueOf(seed))).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                String first = out.readLine();
                if (!"ready".equals(first)) {
                    p.waitFor(30, TimeUnit.SECONDS);
                    failures.add("iteration " + it + ": the writer did not start (" + first + ", exit "
                            + (p.isAlive() ? "running" : p.exitValue()) + ")");
                    break;
                }
                Thread.sleep(timing.nextInt(250));
                p.destroyForcibly();
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            kills++;
            List<String> marks = Files.readAllLines(log);
            int acknowledged = 0;
            int begun = -1;
            for (String m : marks) {
                if (m.startsWith("a")) {
                    acknowledged = Integer.parseInt(m.substring(1)) + 1;
                } else if (m.startsWith("b")) {
                    begun = Integer.parseInt(m.substring(1));
                }
            }
            stepsAcknowledged += acknowledged;
            for (int i = 0; i < acknowledged; i++) {
                units.get(i).apply(model);
            }
            Unit inFlight = begun >= acknowledged ? units.get(begun) : null;
            Map<String, String> after = new HashMap<>(model);
            List<String> touched = List.of();
            if (inFlight != null) {
                inFlight.apply(after);
                touched = inFlight.touched;
            }
            List<String> problems = new CrashCheck(model, after, touched).check(dir, "casket", true);
            if (!problems.isEmpty()) {
                failures.add("iteration " + it + " (seed " + seed + ", killed after " + acknowledged + " steps, in '"
                        + inFlight + "'): " + problems);
                break;
            }
            // The step in flight may or may not have happened; continue from what the file holds.
            try (HashDatabase h = HashDatabase.openReadOnly(dir.resolve("j-casket"))) {
                for (String k : touched) {
                    String v = h.get(k);
                    if (v == null) {
                        model.remove(k);
                    } else {
                        model.put(k, v);
                    }
                }
            }
            Files.copy(dir.resolve("j-casket"), db, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(dir.resolve("casket.wal"));
            if (kills % 500 == 0) {
                // a long run shows how far it got, whatever ends it
                System.err.println("CrashLoopTest so far: " + kills + " SIGKILLs, " + stepsAcknowledged
                        + " acknowledged steps, " + failures.size() + " failures");
            }
        }
        System.err.println("CrashLoopTest: " + kills + " SIGKILLs, " + stepsAcknowledged + " acknowledged steps, "
                + failures.size() + " failures");
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }
}
