package io.countd.server.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for tests: it refuses what a
 * Prometheus server would refuse (bad names, label syntax or escapes, numbers, a TYPE after its
 * samples, families split apart, repeated series, histograms whose buckets are not cumulative or
 * lack +Inf) rather than guessing.
 */
public final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(Inf|NaN|[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?|[0-9]+\\.)");
    private static final List<String> TYPES = List.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: its metric name, labels (sorted) and value. */
    public record Sample(String name, Map<String, String> labels, double value) {
        String key() {
            return name + labels;
        }
    }

    private final Map<String, String> types = new HashMap<>();
    private final Map<String, List<Sample>> families = new LinkedHashMap<>();
    private final Map<String, Double> series = new HashMap<>();

    private PrometheusText() {
    }

    /**
     * Parses a whole exposition.
     *
     * @throws IllegalArgumentException naming the line at the first violation
     */
    public static PrometheusText parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a line feed");
        }
        PrometheusText p = new PrometheusText();
        String current = null;
        Map<String, Boolean> helped = new HashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("#")) {
                    String[] f = line.split(" ", 4);
                    if (f.length >= 3 && (f[1].equals("HELP") || f[1].equals("TYPE"))) {
                        String family = f[2];
                        requireName(family);
                        if (p.families.containsKey(family) && !family.equals(current)) {
                            throw new IllegalArgumentException("family " + family + " appears twice");
                        }
                        if (f[1].equals("TYPE")) {
                            if (f.length != 4 || !TYPES.contains(f[3])) {
                                throw new IllegalArgumentException("bad TYPE");
                            }
                            if (p.types.put(family, f[3]) != null) {
                                throw new IllegalArgumentException("a second TYPE for " + family);
                            }
                            if (!p.families.getOrDefault(family, List.of()).isEmpty()) {
                                throw new IllegalArgumentException("TYPE after samples of " + family);
                            }
                        } else if (helped.put(family, true) != null) {
                            throw new IllegalArgumentException("a second HELP for " + family);
                        }
                        p.families.computeIfAbsent(family, k -> new ArrayList<>());
                        current = family;
                    }
                    continue;
                }
                Sample s = sample(line);
                String family = p.familyOf(s.name());
                if (!family.equals(current) && p.families.containsKey(family)
                        && !p.families.get(family).isEmpty()) {
                    throw new IllegalArgumentException("samples of " + family + " are not together");
                }
                current = family;
                p.families.computeIfAbsent(family, k -> new ArrayList<>()).add(s);
                if (p.series.put(s.key(), s.value()) != null) {
                    throw new IllegalArgumentException("series " + s.key() + " appears twice");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + n + ": " + e.getMessage() + ": " + line, e);
            }
        }
        p.checkHistograms();
        return p;
    }

    /** The declared type of a family, or null. */
    public String type(String family) {
        return types.get(family);
    }

    /** The value of the series {@code name} with exactly {@code labels} (name, value, name, value …). */
    public double value(String name, String... labels) {
        Map<String, String> l = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        Double v = series.get(name + l);
        if (v == null) {
            throw new AssertionError("no series " + name + l + " in the exposition");
        }
        return v;
    }

    public boolean has(String name, String... labels) {
        Map<String, String> l = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            l.put(labels[i], labels[i + 1]);
        }
        return series.containsKey(name + l);
    }

    /** The samples of a family. */
    public List<Sample> family(String family) {
        return families.getOrDefault(family, List.of());
    }

    private String familyOf(String sample) {
        for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if ("histogram".equals(types.get(base)) || "summary".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return sample;
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        requireName(name);
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (!LABEL.matcher(label).matches()) {
                    throw new IllegalArgumentException("bad label name '" + label + "'");
                }
                if (line.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("label value not quoted");
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (;; j++) {
                    char c = line.charAt(j);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        value.append(switch (e) {
                            case '\\' -> '\\';
                            case '"' -> '"';
                            case 'n' -> '\n';
                            default -> throw new IllegalArgumentException("bad escape \\" + e);
                        });
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) {
                    throw new IllegalArgumentException("label " + label + " twice");
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                } else if (line.charAt(i) != '}') {
                    throw new IllegalArgumentException("expected ',' or '}'");
                }
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("no space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ", -1);
        if (rest.length > 2 || !NUMBER.matcher(rest[0]).matches()
                || rest.length == 2 && !rest[1].matches("-?[0-9]+")) {
            throw new IllegalArgumentException("bad value or timestamp");
        }
        String v = rest[0];
        double value = v.endsWith("Inf") ? (v.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                : v.equals("NaN") ? Double.NaN : Double.parseDouble(v);
        return new Sample(name, labels, value);
    }

    private static void requireName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name '" + name + "'");
        }
    }

    private void checkHistograms() {
        types.forEach((family, type) -> {
            if (!type.equals("histogram")) {
                return;
            }
            Map<String, List<Sample>> byLabels = new LinkedHashMap<>();
            for (Sample s : family(family)) {
                Map<String, String> rest = new TreeMap<>(s.labels());
                rest.remove("le");
                byLabels.computeIfAbsent(rest.toString(), k -> new ArrayList<>()).add(s);
            }
            byLabels.forEach((labels, samples) -> {
                double last = -1;
                double le = Double.NEGATIVE_INFINITY;
                Double inf = null;
                Double count = null;
                for (Sample s : samples) {
                    if (s.name().equals(family + "_bucket")) {
                        Matcher m = NUMBER.matcher(s.labels().getOrDefault("le", ""));
                        if (!m.matches()) {
                            throw new IllegalArgumentException(family + ": a bucket without a numeric le");
                        }
                        double bound = Double.parseDouble(s.labels().get("le").replace("Inf", "Infinity"));
                        if (bound <= le || s.value() < last) {
                            throw new IllegalArgumentException(family + ": buckets not increasing and cumulative");
                        }
                        le = bound;
                        last = s.value();
                        if (Double.isInfinite(bound)) {
                            inf = s.value();
                        }
                    } else if (s.name().equals(family + "_count")) {
                        count = s.value();
                    }
                }
                if (inf == null || !inf.equals(count)) {
                    throw new IllegalArgumentException(family + ": the +Inf bucket must exist and equal _count");
                }
            });
        });
    }
}
