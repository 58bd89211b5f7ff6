package io.countd.tools.tchtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code sys_*} figures: C's number formats, in C's order, read from this machine's {@code /proc}. */
class ProcessReportTest {
    @Test
    void cpuTicksPrintAsCPrintsSecondsWithSixDecimals() {
        assertEquals("0.000000", ProcessReport.seconds(0));
        assertEquals("0.070000", ProcessReport.seconds(7));
        assertEquals("0.100000", ProcessReport.seconds(10));
        assertEquals("12.340000", ProcessReport.seconds(1234));
        assertEquals("92233720368547758.070000", ProcessReport.seconds(Long.MAX_VALUE));
    }

    @Test
    void linuxFiguresComeInCsOrderAsNumbers() {
        Map<String, String> info = ProcessReport.collect();
        // A figure of zero (no memory cached) is left out, as C leaves it out.
        List<String> order = List.of("utime", "stime", "size", "rss", "total", "free", "cached", "corenum");
        List<String> keys = List.copyOf(info.keySet());
        assertEquals(order.subList(0, 5), keys.subList(0, 5), "the figures /proc always gives on Linux");
        assertEquals(order.stream().filter(info::containsKey).toList(), keys, "C's order");
        for (String time : List.of("utime", "stime")) {
            assertTrue(info.get(time).matches("[0-9]+\\.[0-9]{6}"), time + ": " + info.get(time));
        }
        for (String size : List.of("size", "rss", "total", "free", "cached")) {
            if (info.containsKey(size)) {
                long bytes = Long.parseLong(info.get(size));
                assertTrue(bytes > 0 && bytes % 1024 == 0, size + " in bytes, from kB: " + bytes);
            }
        }
        // Every processor the system lists, of which this process may use fewer.
        assertTrue(Integer.parseInt(info.get("corenum")) >= Runtime.getRuntime().availableProcessors());
    }
}
