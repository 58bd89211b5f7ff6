package io.countd.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {
    @TempDir
    Path dir;

    @Test
    void tableShowsMediansAndTheRatioToTheAnchor() throws IOException {
        Path figures = dir.resolve("f.tsv");
        Files.write(figures, List.of(
                "#section\tengine\tjava\tc-o2",
                "engine\twrite 1000000\tjava\trecords/s\t900", "engine\twrite 1000000\tc-o2\trecords/s\t1000",
                "engine\twrite 1000000\tc-debian\trecords/s\t500", "engine\twrite 1000000\tjava\trecords/s\t1100",
                "engine\twrite 1000000\tc-o2\trecords/s\t1000", "engine\twrite 1000000\tjava\trecords/s\t5000",
                "engine\tpeak RSS write\tjava\tMiB\t120", "engine\tpeak RSS write\tc-o2\tMiB\t30",
                "#section\tstores\tcountd\tbest",
                "stores\treadRandom\tcountd\tops/s\t10", "stores\treadRandom\tlmdb\tops/s\t20",
                "stores\treadRandom\trocksdb\tops/s\t5", "engine\tmt write\tc-o2\trecords/s\t7",
                "engine\tlag\tjava\ts\t1.5"));
        Path svg = dir.resolve("chart.svg");
        String table = BenchReport.run(figures, svg, "t");
        assertTrue(table.contains("| engine | write 1000000 | records/s | java 1,100 | c-o2 1,000 | 1.10 |"
                + " c-debian 500 | 3 |\n"), table);
        assertTrue(table.contains("| engine | peak RSS write | MiB | java 120 | c-o2 30.000 | 0.25 |  | 1 |\n"), table);
        assertTrue(table.contains("| stores | readRandom | ops/s | countd 10.000 | lmdb 20.000 | 0.50 |"
                + " rocksdb 5.000 | 1 |\n"), table);
        assertTrue(table.contains("| engine | mt write | records/s | java missing | c-o2 7.000 | — |  | 1 |\n"), table);
        assertTrue(table.contains("| engine | lag | s | java 1.500 | — | — |  | 1 |\n"), table);
        assertTrue(Files.notExists(svg), "no scale section, no chart");
    }

    @Test
    void chartDrawsOneLinePerSystemAndWorkload() throws IOException {
        Path figures = dir.resolve("f.tsv");
        Files.write(figures, List.of(
                "scale\twrite 100000\tjava\trecords/s\t900000", "scale\twrite 1000000\tjava\trecords/s\t800000",
                "scale\twrite 100000\tc-o2\trecords/s\t1900000", "scale\twrite 1000000\tc-o2\trecords/s\t1700000",
                "scale\tread 100000\tjava\trecords/s\t2000000", "scale\tread 1000000\tjava\trecords/s\t1500000"));
        Path svg = dir.resolve("chart.svg");
        BenchReport.run(figures, svg, "a <title>");
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""), text);
        assertEquals(3, text.split("<polyline", -1).length - 1, text);
        assertTrue(text.contains("a &lt;title&gt;"), text);
        assertTrue(text.contains(">2,000,000<"), "axis to a round maximum: " + text);
    }

    @Test
    void malformedLinesAreNamed() throws IOException {
        Path figures = dir.resolve("f.tsv");
        Files.write(figures, List.of("engine\twrite\tjava\trecords/s\tfast"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchReport.run(figures, null, "t"));
        assertEquals("line 1: not a number: fast", e.getMessage());
    }
}
