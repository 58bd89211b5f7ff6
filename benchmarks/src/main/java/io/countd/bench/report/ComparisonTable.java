package io.countd.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The table of a run as Markdown: one line per row of every section with our median, the anchor's
 * median, their ratio and the other systems' medians. The ratio is how many times better ours is:
 * ours ÷ anchor for rates, anchor ÷ ours for times and sizes; above 1 ours is ahead.
 */
final class ComparisonTable {
    private ComparisonTable() {
    }

    static String render(Measurements m) {
        StringBuilder b = new StringBuilder();
        b.append("| section | workload | unit | ours (median) | anchor (median) | ratio | others (median) | rounds |\n");
        b.append("| --- | --- | --- | ---: | ---: | ---: | --- | ---: |\n");
        for (Measurements.Section s : m.sections.values()) {
            for (Map.Entry<String, Map<String, List<Double>>> row : s.rows.entrySet()) {
                b.append(line(s, row.getKey(), row.getValue()));
            }
        }
        return b.toString();
    }

    private static String line(Measurements.Section s, String row, Map<String, List<Double>> bySystem) {
        String unit = s.units.get(row);
        boolean higher = Measurements.higherIsBetter(unit);
        String ours = s.ours != null ? s.ours : bySystem.keySet().iterator().next();
        String anchor = anchor(s, ours, bySystem, higher);
        List<Double> ourFigures = bySystem.get(ours);
        List<Double> anchorFigures = anchor == null ? null : bySystem.get(anchor);
        String ratio = "—";
        if (ourFigures != null && anchorFigures != null) {
            double o = Measurements.median(ourFigures);
            double a = Measurements.median(anchorFigures);
            double r = higher ? o / a : a / o;
            ratio = Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "—";
        }
        List<String> others = new ArrayList<>();
        int rounds = 0;
        for (Map.Entry<String, List<Double>> e : bySystem.entrySet()) {
            rounds = Math.max(rounds, e.getValue().size());
            if (!e.getKey().equals(ours) && !e.getKey().equals(anchor)) {
                others.add(e.getKey() + " " + figure(e.getValue()));
            }
        }
        return "| " + s.name + " | " + row + " | " + unit + " | " + ours + " " + figure(ourFigures) + " | "
                + (anchor == null || bySystem.size() == 1 && ourFigures != null ? "—" : anchor + " " + figure(anchorFigures))
                + " | " + ratio + " | "
                + (others.isEmpty() ? "" : String.join(", ", others)) + " | " + rounds + " |\n";
    }

    /** The anchor of a row: the named one, or with {@code best} the best system other than ours. */
    private static String anchor(Measurements.Section s, String ours, Map<String, List<Double>> bySystem,
            boolean higher) {
        if (s.anchor != null && !s.anchor.equals("best")) {
            return s.anchor;
        }
        String best = null;
        double bestValue = 0;
        for (Map.Entry<String, List<Double>> e : bySystem.entrySet()) {
            if (e.getKey().equals(ours)) {
                continue;
            }
            double v = Measurements.median(e.getValue());
            if (best == null || (higher ? v > bestValue : v < bestValue)) {
                best = e.getKey();
                bestValue = v;
            }
        }
        return best;
    }

    /** A median with thousands separators, or "missing" where the system has no figure. */
    static String figure(List<Double> values) {
        if (values == null || values.isEmpty()) {
            return "missing";
        }
        double v = Measurements.median(values);
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.3f", v);
    }
}
