package io.countd.tools.tc;

import java.util.Arrays;

/**
 * TC's normalization of UTF-8 text ({@code tcstrutfnorm}), which {@code tchmgr importtsv -sc}
 * applies to keys with all four options. It works on UCS-2: the text is decoded leniently (bytes
 * that do not form a 1-to-3-byte sequence vanish, 4-byte sequences are not understood), each code
 * unit is mapped by small fixed tables, and the result is encoded back. The tables cover Latin-1,
 * Latin Extended-A, Greek, Cyrillic, a few punctuation marks and the half- and full-width forms;
 * everything else passes unchanged. They are TC's, not Unicode's: e.g. {@code ß} becomes {@code s}
 * and {@code Æ} only becomes {@code æ}.
 */
public final class TextNormalizer {
    /** Blanks, controls and wide spaces become one space; runs collapse; ends are trimmed. */
    public static final int SPACE = 1;
    /** Upper-case letters of the covered scripts become lower case. */
    public static final int LOWER = 2;
    /** Latin letters lose their accents. */
    public static final int NO_ACCENT = 4;
    /** Full-width ASCII becomes ASCII, half-width katakana becomes full-width. */
    public static final int WIDTH = 8;
    /** The options of {@code importtsv -sc}. */
    public static final int ALL = SPACE | LOWER | NO_ACCENT | WIDTH;

    private TextNormalizer() {
    }

    /** Normalizes UTF-8 {@code text} (which must not contain NUL) with the given options. */
    public static byte[] normalize(byte[] text, int options) {
        char[] units = new char[text.length];
        int n = decode(text, units);
        n = normalize(units, n, options);
        return encode(units, n);
    }

    /** TC's lenient UTF-8 to UCS-2 conversion; returns the number of code units. */
    static int decode(byte[] s, char[] out) {
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            int c = s[i] & 0xFF;
            if (c < 0x80) {
                out[n++] = (char) c;
            } else if (c < 0xE0) {
                // Also taken for stray continuation bytes, which then swallow the next byte.
                if (i + 1 < s.length && (s[i + 1] & 0xFF) >= 0x80) {
                    out[n++] = (char) (((c & 0x1F) << 6) | (s[i + 1] & 0x3F));
                    i++;
                }
            } else if (c < 0xF0) {
                if (i + 2 < s.length && (s[i + 1] & 0xFF) >= 0x80 && (s[i + 2] & 0xFF) >= 0x80) {
                    out[n++] = (char) (((c & 0xF) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F));
                    i += 2;
                }
            }
        }
        return n;
    }

    static byte[] encode(char[] units, int n) {
        byte[] out = new byte[n * 3];
        int w = 0;
        for (int i = 0; i < n; i++) {
            char c = units[i];
            if (c < 0x80) {
                out[w++] = (byte) c;
            } else if (c < 0x800) {
                out[w++] = (byte) (0xC0 | (c >> 6));
                out[w++] = (byte) (0x80 | (c & 0x3F));
            } else {
                out[w++] = (byte) (0xE0 | (c >> 12));
                out[w++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[w++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return Arrays.copyOf(out, w);
    }

    /** Normalizes {@code n} code units in place; returns the new count. */
    static int normalize(char[] a, int n, int options) {
        boolean space = (options & SPACE) != 0;
        boolean lower = (options & LOWER) != 0;
        boolean noAccent = (options & NO_ACCENT) != 0;
        boolean width = (options & WIDTH) != 0;
        int w = 0;
        for (int i = 0; i < n; i++) {
            int c = a[i];
            switch (c >> 8) {
                case 0x00 -> {
                    if (c <= 0x20 || c == 0x7F) {
                        if (space) {
                            w = putSpace(a, w);
                        } else {
                            a[w++] = c == '\t' || c == '\n' || c == '\r' ? (char) c : ' ';
                        }
                    } else if (c == 0xA0) {
                        if (space) {
                            w = putSpace(a, w);
                        } else {
                            a[w++] = (char) c;
                        }
                    } else {
                        if (lower) {
                            c = lowerLatin1(c);
                        }
                        if (noAccent) {
                            c = baseLatin1(c);
                        }
                        a[w++] = (char) c;
                    }
                }
                case 0x01 -> {
                    if (lower) {
                        c = lowerLatinExtendedA(c);
                    }
                    if (noAccent) {
                        c = baseLatinExtendedA(c);
                    }
                    a[w++] = (char) c;
                }
                case 0x03 -> a[w++] = (char) (lower ? lowerGreek(c) : c);
                case 0x04 -> a[w++] = (char) (lower ? lowerCyrillic(c) : c);
                case 0x20 -> {
                    if (c == 0x2002 || c == 0x2003 || c == 0x2009) {
                        if (space) {
                            w = putSpace(a, w);
                        } else {
                            a[w++] = (char) c;
                        }
                    } else if (width && (c == 0x2010 || c == 0x2015)) {
                        a[w++] = '-';
                    } else if (width && c == 0x2019) {
                        a[w++] = '\'';
                    } else if (width && c == 0x2033) {
                        a[w++] = '"';
                    } else {
                        a[w++] = (char) c;
                    }
                }
                case 0x22 -> a[w++] = (char) (width && c == 0x2212 ? '-' : c);
                case 0x30 -> {
                    if (c == 0x3000 && space) {
                        w = putSpace(a, w);
                    } else if (c == 0x3000 && width) {
                        a[w++] = ' ';
                    } else {
                        a[w++] = (char) c;
                    }
                }
                case 0xFF -> {
                    if (!width) {
                        a[w++] = (char) (lower && c >= 0xFF21 && c <= 0xFF3A ? c + 0x20 : c);
                    } else if (c >= 0xFF71 && c <= 0xFF8E && c != 0xFF85 && c != 0xFF86 && c != 0xFF87
                            && c != 0xFF88 && c != 0xFF89) {
                        // Kana that may take a following (semi-)voiced sound mark.
                        int next = i + 1 < n ? a[i + 1] : -1;
                        int k = voicedKana(c, next);
                        if (k != baseKana(c)) {
                            i++;
                        }
                        a[w++] = (char) k;
                    } else {
                        a[w++] = (char) wideForm(c, lower);
                    }
                }
                default -> a[w++] = (char) c;
            }
        }
        if (space) {
            while (w > 0 && a[w - 1] == ' ') {
                w--;
            }
        }
        return w;
    }

    /** Appends a space unless it would lead the text or follow another space. */
    private static int putSpace(char[] a, int w) {
        return w == 0 || a[w - 1] == ' ' ? w : put(a, w, ' ');
    }

    private static int put(char[] a, int w, char c) {
        a[w] = c;
        return w + 1;
    }

    private static int lowerLatin1(int c) {
        if (c >= 'A' && c <= 'Z') {
            return c + 0x20;
        }
        if (c >= 0xC0 && c <= 0xDE && c != 0xD7) {
            return c + 0x20;
        }
        return c;
    }

    private static int baseLatin1(int c) {
        if (c >= 0xC0 && c <= 0xC5) {
            return 'A';
        }
        if (c == 0xC7) {
            return 'C';
        }
        if (c >= 0xC8 && c <= 0xCB) {
            return 'E';
        }
        if (c >= 0xCC && c <= 0xCF) {
            return 'I';
        }
        if (c == 0xD0) {
            return 'D';
        }
        if (c == 0xD1) {
            return 'N';
        }
        if ((c >= 0xD2 && c <= 0xD6) || c == 0xD8) {
            return 'O';
        }
        if (c >= 0xD9 && c <= 0xDC) {
            return 'U';
        }
        if (c == 0xDD || c == 0xDE) {
            return 'Y';
        }
        if (c == 0xDF) {
            return 's';
        }
        if (c >= 0xE0 && c <= 0xE5) {
            return 'a';
        }
        if (c >= 0xE7 && c <= 0xEB) {
            return c == 0xE7 ? 'c' : 'e';
        }
        if (c >= 0xEC && c <= 0xEF) {
            return 'i';
        }
        if (c == 0xF0) {
            return 'd';
        }
        if (c == 0xF1) {
            return 'n';
        }
        if ((c >= 0xF2 && c <= 0xF6) || c == 0xF8) {
            return 'o';
        }
        if (c >= 0xF9 && c <= 0xFC) {
            return 'u';
        }
        if (c >= 0xFD && c <= 0xFF) {
            return 'y';
        }
        return c;
    }

    private static int lowerLatinExtendedA(int c) {
        boolean even = (c & 1) == 0;
        if (c <= 0x137 || (c >= 0x14A && c <= 0x177)) {
            return even ? c + 1 : c;
        }
        if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) {
            return even ? c : c + 1;
        }
        if (c == 0x178) {
            return 0xFF;
        }
        return c;
    }

    private static int baseLatinExtendedA(int c) {
        boolean even = (c & 1) == 0;
        if (c == 0xFF) {
            return 'y'; // Ÿ lowered to ÿ
        }
        if (c <= 0x105) {
            return even ? 'A' : 'a';
        }
        if (c <= 0x10D) {
            return even ? 'C' : 'c';
        }
        if (c <= 0x111) {
            return even ? 'D' : 'd';
        }
        if (c <= 0x11B) {
            return even ? 'E' : 'e';
        }
        if (c <= 0x123) {
            return even ? 'G' : 'g';
        }
        if (c <= 0x127) {
            return even ? 'H' : 'h';
        }
        if (c <= 0x131) {
            return even ? 'I' : 'i';
        }
        switch (c) {
            case 0x134: return 'J';
            case 0x135: return 'j';
            case 0x136: return 'K';
            case 0x137: case 0x138: return 'k';
            default: break;
        }
        if (c >= 0x139 && c <= 0x142) {
            return even ? 'l' : 'L';
        }
        if (c >= 0x143 && c <= 0x148) {
            return even ? 'n' : 'N';
        }
        if (c >= 0x149 && c <= 0x14B) {
            return even ? 'N' : 'n';
        }
        if (c >= 0x14C && c <= 0x151) {
            return even ? 'O' : 'o';
        }
        if (c >= 0x154 && c <= 0x159) {
            return even ? 'R' : 'r';
        }
        if (c >= 0x15A && c <= 0x161) {
            return even ? 'S' : 's';
        }
        if (c >= 0x162 && c <= 0x167) {
            return even ? 'T' : 't';
        }
        if (c >= 0x168 && c <= 0x173) {
            return even ? 'U' : 'u';
        }
        switch (c) {
            case 0x174: return 'W';
            case 0x175: return 'w';
            case 0x176: return 'Y';
            case 0x177: return 'y';
            case 0x178: return 'Y';
            default: break;
        }
        if (c >= 0x179 && c <= 0x17E) {
            return even ? 'z' : 'Z';
        }
        if (c == 0x17F) {
            return 's';
        }
        return c;
    }

    private static int lowerGreek(int c) {
        if (c >= 0x391 && c <= 0x3A9) {
            return c + 0x20;
        }
        if (c >= 0x3D8 && c <= 0x3EF) {
            return (c & 1) == 0 ? c + 1 : c;
        }
        if (c == 0x374 || c == 0x3F7 || c == 0x3FA) {
            return c + 1;
        }
        return c;
    }

    private static int lowerCyrillic(int c) {
        if (c <= 0x40F) {
            return c + 0x50;
        }
        if (c <= 0x42F) {
            return c + 0x20;
        }
        if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || c >= 0x4D0) {
            return (c & 1) == 0 ? c + 1 : c;
        }
        if (c == 0x4C0) {
            return 0x4CF;
        }
        if (c >= 0x4C1 && c <= 0x4CE) {
            return (c & 1) == 1 ? c + 1 : c;
        }
        return c;
    }

    /** A half-width kana that can be voiced, as full-width, without a mark. */
    private static int baseKana(int c) {
        if (c <= 0xFF75) {
            return (c - 0xFF71) * 2 + 0x30A2; // a .. o
        }
        if (c <= 0xFF7A) {
            return (c - 0xFF76) * 2 + 0x30AB; // ka .. ko
        }
        if (c <= 0xFF7F) {
            return (c - 0xFF7B) * 2 + 0x30B5; // sa .. so
        }
        if (c <= 0xFF84) {
            return (c - 0xFF80) * 2 + 0x30BF + (c >= 0xFF82 ? 1 : 0); // ta .. to (small tsu shifts te, to)
        }
        return (c - 0xFF8A) * 3 + 0x30CF; // ha .. ho
    }

    /** The full-width form of a voiceable half-width kana combined with a following mark, if any. */
    private static int voicedKana(int c, int next) {
        int base = baseKana(c);
        if (c <= 0xFF75) {
            return c == 0xFF73 && next == 0xFF9E ? 0x30F4 : base; // only u takes the voiced mark
        }
        if (next == 0xFF9E) {
            return base + 1;
        }
        if (c >= 0xFF8A && next == 0xFF9F) {
            return base + 2;
        }
        return base;
    }

    /** Full-width characters to ASCII and the remaining half-width katakana to full width. */
    private static int wideForm(int c, boolean lower) {
        switch (c) {
            case 0xFF01: return '!';
            case 0xFF03: return '#';
            case 0xFF04: return '$';
            case 0xFF05: return '%';
            case 0xFF06: return '&';
            case 0xFF0A: return '*';
            case 0xFF0B: return '+';
            case 0xFF0C: return ',';
            case 0xFF0E: return '.';
            case 0xFF0F: return '/';
            case 0xFF1A: return ':';
            case 0xFF1B: return ';';
            case 0xFF1D: return '=';
            case 0xFF1F: return '?';
            case 0xFF20: return '@';
            case 0xFF3C: return '\\';
            case 0xFF3E: return '^';
            case 0xFF3F: return '_';
            case 0xFF5C: return '|';
            case 0xFF61: return 0x3002;
            case 0xFF62: return 0x300C;
            case 0xFF63: return 0x300D;
            case 0xFF64: return 0x3001;
            case 0xFF65: return 0x30FB;
            case 0xFF66: return 0x30F2;
            case 0xFF6F: return 0x30C3;
            case 0xFF70: return 0x30FC;
            case 0xFF9C: return 0x30EF;
            case 0xFF9D: return 0x30F3;
            default: break;
        }
        if (c >= 0xFF21 && c <= 0xFF3A) {
            return c - 0xFEE0 + (lower ? 0x20 : 0);
        }
        if ((c >= 0xFF41 && c <= 0xFF5A) || (c >= 0xFF10 && c <= 0xFF19)) {
            return c - 0xFEE0;
        }
        if (c >= 0xFF67 && c <= 0xFF6B) {
            return (c - 0xFF67) * 2 + 0x30A1;
        }
        if (c >= 0xFF6C && c <= 0xFF6E) {
            return (c - 0xFF6C) * 2 + 0x30E3;
        }
        if (c >= 0xFF85 && c <= 0xFF89) {
            return c - 0xCEBB;
        }
        if (c >= 0xFF8F && c <= 0xFF93) {
            return c - 0xCEB1;
        }
        if (c >= 0xFF94 && c <= 0xFF96) {
            return (c - 0xFF94) * 2 + 0x30E4;
        }
        if (c >= 0xFF97 && c <= 0xFF9B) {
            return c - 0xCEAE;
        }
        return c;
    }
}
