package io.countd.tools.tc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StandardOffsetTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "JST-9|32400", "EST5EDT|-18000", "EST+5|-18000", "EST5EDT,M3.2.0,M11.1.0|-18000", "XYZ-5:30|19800",
        "<+0330>-3:30|12600", "<-03>3|-10800", "UTC0|0", "ABC+12:34:56|-45296", "IST-1GMT0,M10.5.0,M3.5.0/1|3600",
    })
    void standardOffsetOfPosixRules(String rule, int seconds) {
        assertEquals(seconds, StandardOffset.fromRule(rule));
    }

    @ParameterizedTest
    @CsvSource({"A5", "UTC", "Nonexistent/Zone", "'<+03'", "XYZ"})
    void rulesThatDoNotParse(String rule) {
        assertNull(StandardOffset.fromRule(rule));
    }

    @Test
    void zoneFilesGiveTheirFooterRule(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("Europe"));
        Files.write(dir.resolve("Europe/Dublin"), tzif("IST-1GMT0,M10.5.0,M3.5.0/1"));
        Files.write(dir.resolve("Asia_Tokyo"), tzif("JST-9"));
        assertEquals(3600, StandardOffset.of("Europe/Dublin", dir.toString()));
        assertEquals(32400, StandardOffset.of(":Asia_Tokyo", dir.toString()));
        assertEquals(32400, StandardOffset.of(dir.resolve("Asia_Tokyo").toString(), "/nonexistent"));
        // not a zone file: the value is read as a rule, and failing that means UTC
        assertEquals(19800, StandardOffset.of("XYZ-5:30", dir.toString()));
        assertEquals(0, StandardOffset.of("Nonexistent/Zone", dir.toString()));
        assertEquals(0, StandardOffset.of("", dir.toString()));
        assertEquals(0, StandardOffset.of(":", dir.toString()));
        assertEquals(0, StandardOffset.of("Europe", dir.toString()));
    }

    /** A minimal version-2 TZif file: header, empty data blocks, footer rule. */
    private static byte[] tzif(String rule) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int block = 0; block < 2; block++) {
            b.writeBytes("TZif2".getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(new byte[15 + 24]);
        }
        b.writeBytes(("\n" + rule + "\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }
}
