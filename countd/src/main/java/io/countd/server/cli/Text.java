package io.countd.server.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Text for people, as format-spec/countd-cli.md describes it: names shown printable with other
 * bytes escaped, names read from the command line, aligned tables, and standard output in UTF-8.
 */
final class Text {
    private Text() {
    }

    /**
     * Standard output as UTF-8 whatever the platform's default, buffered: the commands print
     * through this and flush at the end.
     */
    static PrintStream stdout() {
        return new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false,
                StandardCharsets.UTF_8);
    }

    /**
     * A name for a table or a message: its text when it is UTF-8, with every character that is
     * not printable (controls, format characters, separators other than the space, unassigned
     * and private-use code points), and every byte that is not UTF-8, written as {@code \xNN};
     * a backslash is doubled so that the escapes stay unambiguous.
     */
    static String show(byte[] name, int length) {
        String text = JsonWriter.utf8(name, length);
        StringBuilder b = new StringBuilder(length + 8);
        if (text == null) {
            for (int i = 0; i < length; i++) {
                int c = name[i] & 0xFF;
                if (c == '\\') {
                    b.append("\\\\");
                } else if (c >= 0x20 && c < 0x7F) {
                    b.append((char) c);
                } else {
                    escape(b, c);
                }
            }
            return b.toString();
        }
        text.codePoints().forEach(cp -> {
            if (cp == '\\') {
                b.append("\\\\");
            } else if (printable(cp)) {
                b.appendCodePoint(cp);
            } else {
                for (byte x : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    escape(b, x & 0xFF);
                }
            }
        });
        return b.toString();
    }

    static String show(byte[] name) {
        return show(name, name.length);
    }

    private static void escape(StringBuilder b, int c) {
        b.append("\\x").append(HexFormat.of().toHexDigits((byte) c));
    }

    private static boolean printable(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            case Character.SPACE_SEPARATOR -> cp == ' ';
            default -> true;
        };
    }

    /**
     * The bytes of a name given on the command line: its UTF-8 encoding, or with {@code hex} the
     * bytes its hex digits spell.
     *
     * @throws IllegalArgumentException for hex that is not hex
     */
    static byte[] parseName(String arg, boolean hex, String what) {
        if (!hex) {
            return arg.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return HexFormat.of().parseHex(arg);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " '" + arg + "' is not an even number of hex digits");
        }
    }

    /**
     * An aligned table: a header row and rows of cells, columns separated by two spaces, numbers
     * right-aligned and text left-aligned. Widths count code points.
     */
    static final class Table {
        private final String[] header;
        private final boolean[] right;
        private final List<String[]> rows = new ArrayList<>();

        /** Columns named {@code header}; a name ending in {@code >} is right-aligned (the mark is not shown). */
        Table(String... header) {
            this.header = new String[header.length];
            this.right = new boolean[header.length];
            for (int i = 0; i < header.length; i++) {
                right[i] = header[i].endsWith(">");
                this.header[i] = right[i] ? header[i].substring(0, header[i].length() - 1) : header[i];
            }
        }

        Table row(Object... cells) {
            String[] r = new String[header.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = String.valueOf(cells[i]);
            }
            rows.add(r);
            return this;
        }

        /** The widths the rows so far need. */
        int[] widths() {
            int[] w = new int[header.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = width(header[i]);
            }
            for (String[] r : rows) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = Math.max(w[i], width(r[i]));
                }
            }
            return w;
        }

        void print(PrintStream out) {
            int[] w = widths();
            line(out, header, w);
            for (String[] r : rows) {
                line(out, r, w);
            }
        }

        /** Prints one row with the given widths (for tables printed as they are read). */
        void line(PrintStream out, String[] cells, int[] w) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                int pad = Math.max(0, w[i] - width(cells[i]));
                boolean last = i == cells.length - 1;
                if (right[i]) {
                    b.append(" ".repeat(pad)).append(cells[i]);
                } else {
                    b.append(cells[i]).append(last ? "" : " ".repeat(pad));
                }
                if (!last) {
                    b.append("  ");
                }
            }
            out.println(b);
        }

        String[] header() {
            return header;
        }

        /** The columns a cell takes: its code points. */
        static int width(String s) {
            return s.codePointCount(0, s.length());
        }
    }
}
