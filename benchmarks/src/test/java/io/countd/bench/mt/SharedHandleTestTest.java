package io.countd.bench.mt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.HashDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedHandleTestTest {
    @TempDir
    Path dir;

    @Test
    void fourThreadsWriteTheirRangesAndReadThemBack() {
        String file = dir.resolve("casket").toString();
        String written = SharedHandleTest.parse(new String[] {"write", file, "4", "500"}).run();
        assertTrue(written.startsWith("record number: 2000\ntime: "), written);
        assertTrue(written.endsWith("\nok\n"), written);
        try (HashDatabase db = HashDatabase.openReadOnly(Path.of(file))) {
            assertEquals("00000001", db.get("00000001"));
            assertEquals("00002000", db.get("00002000"));
        }
        assertTrue(SharedHandleTest.parse(new String[] {"read", file, "4"}).run().endsWith("\nok\n"));
        assertTrue(SharedHandleTest.parse(new String[] {"read", "-rnd", file, "4"}).run().endsWith("\nok\n"));
    }

    @Test
    void randomLittleEndianWritesStayInEachThreadsRange() {
        String file = dir.resolve("le").toString();
        String written = SharedHandleTest.parse(new String[] {"write", "-rnd", "-le", file, "2", "1000", "5000"}).run();
        assertTrue(written.endsWith("\nok\n"), written);
        try (HashDatabase db = HashDatabase.openReadOnly(Path.of(file))) {
            assertTrue(db.count() > 1000 && db.count() <= 2000, "records: " + db.count());
            assertEquals(null, db.get("00002001"));
        }
    }

    @Test
    void repeatedRunsWriteTheSameFileAndReportTheLastRunOnly() {
        String file = dir.resolve("warm").toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, SharedHandleTest.runs(new String[] {"write", file, "2", "300"}, 3, stream(out), stream(err)));
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.matches("record number: 600\ntime: [0-9.]+\nok\n"), report);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        try (HashDatabase db = HashDatabase.openReadOnly(Path.of(file))) {
            assertEquals(600, db.count());
        }
        out.reset();
        assertEquals(0, SharedHandleTest.runs(new String[] {"read", "-rnd", file, "2"}, 2, stream(out), stream(err)));
        assertTrue(out.toString(StandardCharsets.UTF_8).endsWith("\nok\n"));
    }

    @Test
    void aFailingRunGivesStatusOneAndAMessageButNoReport() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String missing = dir.resolve("missing").toString();
        assertEquals(1, SharedHandleTest.runs(new String[] {"read", missing, "4"}, 5, stream(out), stream(err)));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("SharedHandleTest: "), err.toString());
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    @Test
    void badCommandLinesAreRefusedWithTheUsage() {
        for (String[] line : new String[][] {{}, {"remove", "x", "1"}, {"write", "x", "4"}, {"read", "x", "0"},
            {"write", "x", "4", "many"}, {"write", "x", "100", "1000000"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SharedHandleTest.parse(line));
            assertTrue(e.getMessage().contains("usage: "), e.getMessage());
        }
    }
}
