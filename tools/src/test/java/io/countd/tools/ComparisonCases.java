package io.countd.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The comparison vectors of {@code format-spec/vectors/tchmgr-cases.tsv}: cases, each a setup and a
 * sequence of invocations to run with both tools. The format is described in
 * {@code format-spec/tchmgr.md}.
 */
final class ComparisonCases {
    private ComparisonCases() {
    }

    /** One case: an id, a title, tags ({@code root}, {@code codec}) and its steps in order. */
    record Case(String id, String title, List<String> tags, List<Step> steps) {
        @Override
        public String toString() {
            return id + " " + title;
        }
    }

    /** A step: {@code setup} (a bash script), {@code gen} (a generated file) or {@code run} (an invocation). */
    sealed interface Step permits Setup, Gen, Run {
    }

    record Setup(String script) implements Step {
    }

    record Gen(String file, String generator) implements Step {
    }

    /**
     * An invocation: modifiers and the arguments after the program name (raw bytes).
     *
     * @param line the step's line in the vectors file, for messages
     */
    record Run(Map<String, String> env, List<String> unset, Map<String, String> modifiers, List<byte[]> args,
            int line) implements Step {
        boolean has(String modifier) {
            return modifiers.containsKey(modifier);
        }

        String get(String modifier) {
            return modifiers.get(modifier);
        }

        /** The arguments for messages, with C-style escapes. */
        String describe() {
            StringBuilder sb = new StringBuilder("line ").append(line).append(": tchmgr");
            for (byte[] a : args) {
                sb.append(' ').append('\'').append(escape(a)).append('\'');
            }
            if (!modifiers.isEmpty() || !env.isEmpty()) {
                sb.append("   [").append(env).append(' ').append(modifiers).append(']');
            }
            return sb.toString();
        }
    }

    static List<Case> load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> cases = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "case" -> cases.add(new Case(f[1], text(f[2]), List.of(f).subList(3, f.length), new ArrayList<>()));
                case "setup" -> last(cases, n).steps().add(new Setup(text(f[1])));
                case "gen" -> last(cases, n).steps().add(new Gen(text(f[1]), f[2]));
                case "run" -> last(cases, n).steps().add(run(f, n + 1));
                default -> throw new IllegalArgumentException("line " + (n + 1) + ": unknown step " + f[0]);
            }
        }
        return cases;
    }

    private static Case last(List<Case> cases, int n) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("line " + (n + 1) + ": step before the first case");
        }
        return cases.get(cases.size() - 1);
    }

    private static Run run(String[] f, int line) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> unset = new ArrayList<>();
        Map<String, String> mods = new LinkedHashMap<>();
        int i = 1;
        for (; i < f.length && !f[i].equals("--"); i++) {
            String m = text(f[i]);
            int eq = m.indexOf('=');
            String key = eq < 0 ? m : m.substring(0, eq);
            String value = eq < 0 ? "" : m.substring(eq + 1);
            switch (key) {
                case "env" -> {
                    int eq2 = value.indexOf('=');
                    env.put(value.substring(0, eq2), value.substring(eq2 + 1));
                }
                case "unset" -> unset.add(value);
                case "stdin", "user", "lock", "pre", "inode", "trace", "version", "java", "rc", "loud" -> mods.put(key, value);
                default -> throw new IllegalArgumentException("line " + line + ": unknown modifier " + key);
            }
        }
        if (i >= f.length) {
            throw new IllegalArgumentException("line " + line + ": run without --");
        }
        List<byte[]> args = new ArrayList<>();
        for (int k = i + 1; k < f.length; k++) {
            args.add(unescape(f[k]));
        }
        return new Run(env, unset, mods, args, line);
    }

    private static String text(String field) {
        return new String(unescape(field), StandardCharsets.UTF_8);
    }

    /** Decodes a field: {@code \t \n \r \\ \xHH} escapes, everything else literal ASCII. */
    static byte[] unescape(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.write(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 't' -> b.write('\t');
                case 'n' -> b.write('\n');
                case 'r' -> b.write('\r');
                case '\\' -> b.write('\\');
                case 'x' -> {
                    b.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("bad escape \\" + n + " in " + s);
            }
        }
        return b.toByteArray();
    }

    /** Bytes as text with C-style escapes, for messages. */
    static String escape(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte x : bytes) {
            int c = x & 0xFF;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20 || c >= 0x7F) {
                        sb.append(String.format("\\x%02x", c));
                    } else {
                        sb.append((char) c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
