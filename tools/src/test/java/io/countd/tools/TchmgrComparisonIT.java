package io.countd.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.TestFiles;
import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every case of {@code format-spec/vectors/tchmgr-cases.tsv} with Debian's C {@code tchmgr}
 * and with {@code tools/bin/tchmgr} (the real launcher, as a process) and requires identical
 * standard output, standard error, exit status and resulting files (see {@link CaseRunner}).
 *
 * <p>Cases run concurrently (system property {@code tchmgr.it.threads}, default 3); each is one
 * dynamic test. Cases tagged {@code root} (they run the tools as uid 65534) are skipped with a
 * message unless the tests run as root. In cases tagged {@code bzip2}, database files are compared
 * by content rather than bytes (see {@link CaseRunner}).
 */
class TchmgrComparisonIT {
    private static final LockClient LOCKS = new LockClient();
    private static ExecutorService executor;

    @AfterAll
    static void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
        LOCKS.close();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMatchesTheCTool() throws IOException {
        TcOracle.requireBinaries();
        Path root = TestFiles.projectRoot();
        List<ComparisonCases.Case> cases = ComparisonCases.load(root.resolve("format-spec/vectors/tchmgr-cases.tsv"));
        Path cTool = TcOracle.onPath("tchmgr").toAbsolutePath();
        Path javaTool = root.resolve("tools/bin/tchmgr");
        Path scratch = root.resolve("tools/target/tchmgr-it");
        deleteTree(scratch);
        Files.createDirectories(scratch);
        boolean root0 = isRoot();
        String nobodyProblem = root0 ? nobodyCannotRun(javaTool) : null;
        executor = Executors.newFixedThreadPool(Integer.getInteger("tchmgr.it.threads", 3));
        return cases.stream().map(c -> {
            String skip = null;
            if (c.tags().contains("root") && !root0) {
                skip = "needs root (runs the tools as uid 65534 through setpriv); not root";
            } else if (c.tags().contains("root") && nobodyProblem != null) {
                skip = nobodyProblem;
            }
            Future<List<String>> result = skip != null ? null
                    : executor.submit(() -> new CaseRunner(c, scratch.resolve(c.id()), cTool, javaTool, LOCKS).run());
            String reason = skip;
            return DynamicTest.dynamicTest(c.toString(), () -> {
                if (reason != null) {
                    System.err.println("*** SKIPPED " + c.id() + ": " + reason + " ***");
                    Assumptions.abort(reason);
                }
                List<String> problems;
                try {
                    problems = result.get();
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
                assertTrue(problems.isEmpty(), () -> c + ": " + problems.size() + " difference(s)\n"
                        + String.join("\n", problems));
            });
        });
    }

    private static boolean isRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    /** Why uid 65534 could not run the Java tool here (the launcher or jar unreadable), or null. */
    private static String nobodyCannotRun(Path javaTool) {
        if (TcOracle.onPath("setpriv") == null) {
            return "setpriv (util-linux) is missing";
        }
        ProcessResult r = TcOracle.run(javaTool.getParent(), 60, "setpriv", "--reuid=65534", "--regid=65534",
                "--clear-groups", "--", "test", "-r", javaTool.toString());
        return r.exitCode() == 0 ? null : "uid 65534 cannot read " + javaTool + " (a parent folder is private)";
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
