package io.countd.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tools/bin/bench-compare --smoke}, the engine section at tiny sizes on this build's
 * classes: it must run to the end and print the table and write the chart. The figures are not
 * looked at (no timing in tests).
 */
class BenchCompareSmokeTest {
    @TempDir
    Path out;

    @Test
    void smokeRunPrintsTheTableAndWritesTheChart() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
        Path script = root.resolve("tools/bin/bench-compare");
        ProcessBuilder pb = new ProcessBuilder(script.toString(), "--smoke", "--out", out.toString())
                .redirectErrorStream(true);
        pb.environment().put("BENCH_CLASSPATH",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "bench-compare did not end");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("| section | workload | unit | ours (median) | anchor (median) | ratio |"), text);
        for (String row : new String[] {"| scale | write 2000 | records/s | java ", "| scale | read 2000 | records/s | java ",
            "| engine | write le 2000 | records/s | java ", "| engine | mt write 4x500 | records/s | java "}) {
            assertTrue(text.contains(row), "no figure of ours in " + row + ":\n" + text);
        }
        assertTrue(Files.readString(out.resolve("chart.svg")).startsWith("<svg "), "no chart");
        assertTrue(Files.readString(out.resolve("notes.txt")).contains("load average "), "no load average");
    }
}
