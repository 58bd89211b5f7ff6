package io.countd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools/bin/bench-compare --smoke} at tiny sizes on this build's classes, the engine
 * section and, on its own, the countd section (a {@code countd serve}, its load, the probe of lag
 * and ranked reads, Redis): each must run to the end and print its rows of ours. The figures are
 * not looked at (no timing in tests).
 */
class BenchCompareSmokeTest {
    @TempDir
    Path out;

    @Test
    void engineSmokeRunPrintsTheTableAndWritesTheChart() throws IOException, InterruptedException {
        String text = run();
        assertTrue(text.contains("| section | workload | unit | ours (median) | anchor (median) | ratio |"), text);
        assertRows(text, "| scale | write 2000 | records/s | java ", "| scale | read 2000 | records/s | java ",
                "| engine | write 2000, warm JVM | records/s | java ", "| engine | read 2000, warm JVM | records/s | java ",
                "| engine | write -rnd 2000, warm JVM | records/s | java ",
                "| engine | write le 2000 | records/s | java ", "| engine | mt write 4x500 | records/s | java ",
                "| engine | mt read 4x500, warm JVM | records/s | java ");
        assertTrue(Files.readString(out.resolve("chart.svg")).startsWith("<svg "), "no chart");
        assertTrue(Files.readString(out.resolve("notes.txt")).contains("load average "), "no load average");
    }

    @Test
    void countdSmokeRunPrintsTheProbesRows() throws IOException, InterruptedException {
        String text = run("--only", "countd");
        assertRows(text, "| countd | ingest: countd --fsync interval=1000 / Redis appendfsync everysec | increments/s | countd ",
                "| countd | increment to readable, quiet keyspace, p99 | s | countd ",
                "| countd | increment to readable, loaded keyspace, p99 | s | countd ",
                "| countd | top-100 of 1M keys under apply, p99 | ms | countd ");
    }

    private String run(String... options) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        List<String> command = new ArrayList<>(List.of(root.resolve("tools/bin/bench-compare").toString(), "--smoke",
                "--out", out.toString()));
        command.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("BENCH_CLASSPATH",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bench-compare did not end");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    private static void assertRows(String text, String... rows) {
        for (String row : rows) {
            assertTrue(text.contains(row), "no figure of ours in " + row + ":\n" + text);
        }
    }
}
