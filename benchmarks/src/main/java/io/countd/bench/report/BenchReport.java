package io.countd.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the table of a run's figures and writes its chart.
 *
 * <pre>BenchReport figures.tsv [chart.svg [title]]</pre>
 *
 * <p>Exit status 1, with a message, for a missing or malformed figures file.
 */
public final class BenchReport {
    private BenchReport() {
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 3) {
            System.err.print("usage: BenchReport figures.tsv [chart.svg [title]]\n");
            System.exit(1);
        }
        try {
            System.out.print(run(Path.of(args[0]), args.length > 1 ? Path.of(args[1]) : null,
                    args.length > 2 ? args[2] : "Throughput against record count"));
        } catch (IOException | IllegalArgumentException e) {
            System.err.print("BenchReport: " + args[0] + ": " + e.getMessage() + "\n");
            System.exit(1);
        }
    }

    /** The table of the figures in {@code figures}; writes the chart to {@code chart} if given and any. */
    static String run(Path figures, Path chart, String title) throws IOException {
        Measurements m = Measurements.parse(Files.readAllLines(figures, StandardCharsets.UTF_8));
        if (chart != null) {
            String svg = ThroughputChart.render(m, title);
            if (svg != null) {
                Files.writeString(chart, svg, StandardCharsets.UTF_8);
            }
        }
        return ComparisonTable.render(m);
    }
}
