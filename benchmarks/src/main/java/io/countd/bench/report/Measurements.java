package io.countd.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of a run, grouped by section, row and system in the order they first appear. */
final class Measurements {
    /** One section's roles and figures. */
    static final class Section {
        final String name;
        String ours;
        String anchor;
        /** row → system → figures of each round. */
        final Map<String, Map<String, List<Double>>> rows = new LinkedHashMap<>();
        final Map<String, String> units = new LinkedHashMap<>();

        Section(String name) {
            this.name = name;
        }
    }

    final Map<String, Section> sections = new LinkedHashMap<>();

    /**
     * Parses the figure lines.
     *
     * @throws IllegalArgumentException naming the first malformed line
     */
    static Measurements parse(List<String> lines) {
        Measurements m = new Measurements();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f[0].equals("#section") && f.length == 4) {
                Section s = m.section(f[1]);
                s.ours = f[2];
                s.anchor = f[3];
            } else if (f.length == 5 && !f[0].startsWith("#")) {
                double value;
                try {
                    value = Double.parseDouble(f[4]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + n + ": not a number: " + f[4]);
                }
                Section s = m.section(f[0]);
                s.rows.computeIfAbsent(f[1], r -> new LinkedHashMap<>()).computeIfAbsent(f[2], r -> new ArrayList<>())
                        .add(value);
                s.units.put(f[1], f[3]);
            } else {
                throw new IllegalArgumentException("line " + n + ": expected 'section row system unit value' or"
                        + " '#section name ours anchor': " + line);
            }
        }
        return m;
    }

    private Section section(String name) {
        return sections.computeIfAbsent(name, Section::new);
    }

    /** The median of some figures (the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = v.length / 2;
        return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
    }

    /** Whether a higher figure in {@code unit} is the better one (rates are; times and sizes are not). */
    static boolean higherIsBetter(String unit) {
        return unit.endsWith("/s");
    }
}
