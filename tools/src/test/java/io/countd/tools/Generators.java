package io.countd.tools;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The generated input files the comparison vectors name in {@code gen} steps. */
final class Generators {
    private Generators() {
    }

    static byte[] generate(String generator) {
        if (generator.startsWith("lines:")) {
            return lines(Integer.parseInt(generator.substring("lines:".length())));
        }
        return switch (generator) {
            case "normalizer-coverage" -> normalizerCoverage();
            case "utf8-edge-cases" -> utf8EdgeCases();
            case "big-values" -> bigValues();
            default -> throw new IllegalArgumentException("unknown generator " + generator);
        };
    }

    /** {@code k<i>\tv<i>\n} for i below n. */
    private static byte[] lines(int n) {
        StringBuilder sb = new StringBuilder(n * 14);
        for (int i = 0; i < n; i++) {
            sb.append('k').append(i).append("\tv").append(i).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * One key per code point of the blocks TC's normalizer has rules for (Latin-1, Latin
     * Extended-A, Greek, Cyrillic, general punctuation, mathematical operators, CJK symbols and
     * kana, half- and full-width forms), embedded between other characters, plus every half-width
     * kana followed by each sound mark. TAB, LF and CR are left out: they structure the file.
     */
    private static byte[] normalizerCoverage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        int[][] ranges = {{0x20, 0x500}, {0x2000, 0x2070}, {0x2200, 0x2300}, {0x3000, 0x3100}, {0xFF00, 0xFFF0}};
        for (int[] range : ranges) {
            for (int cp = range[0]; cp < range[1]; cp++) {
                String ch = new String(Character.toChars(cp));
                line(out, "X" + ch + "Y " + ch.toUpperCase(java.util.Locale.ROOT) + "Z", String.format("%04X", cp));
            }
        }
        for (int kana = 0xFF61; kana < 0xFFA0; kana++) {
            for (int mark : new int[] {0xFF9E, 0xFF9F}) {
                line(out, new String(Character.toChars(kana)) + new String(Character.toChars(mark)),
                        String.format("K%04X%04X", kana, mark));
            }
        }
        return out.toByteArray();
    }

    private static void line(ByteArrayOutputStream out, String key, String value) {
        out.writeBytes(key.getBytes(StandardCharsets.UTF_8));
        out.write('\t');
        out.writeBytes(value.getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
    }

    /** Keys with truncated, stray, overlong, surrogate, 4-byte and invalid UTF-8, and odd blanks. */
    private static byte[] utf8EdgeCases() {
        String[] keys = {"\\xc3", "\\xe3\\x81", "x\\xf0\\x9f\\x98\\x80y", "\\x80\\x80a", "\\xbf\\xbf", "\\xc0\\x80z",
            "\\xed\\xa0\\x80s", "\\xef\\xbf\\xbf", "\\xf8\\x88\\x80\\x80\\x80", "\\xfe\\xff", "a\\xc3",
            "  \\x01\\x02 b \\x1f ", "\\xc2\\xa0\\xc2\\xa0", "\\xe3\\x80\\x80x\\xe3\\x80\\x80",
            "\\xe2\\x80\\x82\\xe2\\x80\\x83\\xe2\\x80\\x89q"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < keys.length; i++) {
            out.writeBytes(ComparisonCases.unescape(keys[i]));
            out.writeBytes(("\tv" + i + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return out.toByteArray();
    }

    /** Four records with values of 21, 42, 63 and 84 KB: beyond TC's read unit and the argument limit. */
    private static byte[] bigValues() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            sb.append("big").append(i).append('\t');
            String unit = String.format("%07d", i);
            for (int k = 0; k < 3000 * (i + 1); k++) {
                sb.append(unit);
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
