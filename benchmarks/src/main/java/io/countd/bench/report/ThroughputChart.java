package io.countd.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The chart of the section {@code scale} as an SVG document: throughput (median, records per
 * second) against the record count on a logarithmic axis, one line per system and workload, the
 * workload ({@code write}, {@code read}, ...) being the row name before its record count.
 */
final class ThroughputChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 90;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 60;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};
    private static final String[] DASHES = {"", "6 4", "2 3", "10 3 2 3"};

    private ThroughputChart() {
    }

    /** The SVG text, or null if the run has no {@code scale} figures. */
    static String render(Measurements m, String title) {
        Measurements.Section scale = m.sections.get("scale");
        if (scale == null) {
            return null;
        }
        // series "system workload" → record count → median
        Map<String, Map<Long, Double>> series = new LinkedHashMap<>();
        List<String> systems = new ArrayList<>();
        List<String> workloads = new ArrayList<>();
        TreeSet<Long> counts = new TreeSet<>();
        double max = 0;
        for (var row : scale.rows.entrySet()) {
            int space = row.getKey().lastIndexOf(' ');
            long count;
            try {
                count = Long.parseLong(row.getKey().substring(space + 1));
            } catch (NumberFormatException e) {
                continue;
            }
            String workload = space < 0 ? "" : row.getKey().substring(0, space);
            if (!workloads.contains(workload)) {
                workloads.add(workload);
            }
            counts.add(count);
            for (var sys : row.getValue().entrySet()) {
                if (!systems.contains(sys.getKey())) {
                    systems.add(sys.getKey());
                }
                double v = Measurements.median(sys.getValue());
                max = Math.max(max, v);
                series.computeIfAbsent(sys.getKey() + "\t" + workload, k -> new LinkedHashMap<>()).put(count, v);
            }
        }
        if (counts.isEmpty()) {
            return null;
        }
        double yMax = niceCeiling(max);
        double lo = Math.log10(counts.first());
        double hi = Math.max(Math.log10(counts.last()), lo + 1);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(text(LEFT, 22, escape(title), "font-size=\"15\""));
        for (int i = 0; i <= 5; i++) {
            double v = yMax * i / 5;
            double y = TOP + plotH - plotH * (v / yMax);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", LEFT, y, LEFT + plotW, y));
            svg.append(text(LEFT - 8, y + 4, String.format(Locale.ROOT, "%,.0f", v), "text-anchor=\"end\""));
        }
        for (long c : counts) {
            double x = LEFT + plotW * (Math.log10(c) - lo) / (hi - lo);
            svg.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>\n", x, TOP, x, TOP + plotH));
            svg.append(text(x, TOP + plotH + 18, String.format(Locale.ROOT, "%,d", c), "text-anchor=\"middle\""));
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\""
                + " stroke=\"#333\"/>\n", LEFT, TOP, plotW, plotH));
        svg.append(text(LEFT + plotW / 2.0, HEIGHT - 18, "records (logarithmic)", "text-anchor=\"middle\""));
        svg.append(text(18, TOP + plotH / 2.0, "records per second",
                String.format(Locale.ROOT, "text-anchor=\"middle\" transform=\"rotate(-90 18 %.1f)\"",
                        TOP + plotH / 2.0)));
        int legend = 0;
        for (var s : series.entrySet()) {
            String[] key = s.getKey().split("\t", 2);
            String colour = COLOURS[systems.indexOf(key[0]) % COLOURS.length];
            String dash = DASHES[workloads.indexOf(key[1]) % DASHES.length];
            StringBuilder points = new StringBuilder();
            for (var p : s.getValue().entrySet()) {
                double x = LEFT + plotW * (Math.log10(p.getKey()) - lo) / (hi - lo);
                double y = TOP + plotH - plotH * (p.getValue() / yMax);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n", x, y,
                        colour));
            }
            svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                    .append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"").append(" points=\"")
                    .append(points.toString().trim()).append("\"/>\n");
            double ly = TOP + 10 + legend * 20;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\""
                    + " stroke-width=\"2\"%s/>\n", LEFT + plotW + 12, ly, LEFT + plotW + 40, ly, colour,
                    dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\""));
            svg.append(text(LEFT + plotW + 46, ly + 4, escape(key[0] + " " + key[1]), ""));
            legend++;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    /** The smallest of 1, 2 or 5 times a power of ten that is at least {@code v}. */
    static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String text(double x, double y, String body, String attributes) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\"%s>%s</text>\n", x, y,
                attributes.isEmpty() ? "" : " " + attributes, body);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
