package io.countd.tools.tc;

import java.util.Arrays;

/**
 * Tokyo Cabinet's lenient number parsers, as {@code tchmgr} applies them to command-line text given
 * as raw bytes (a C string: parsing stops at the first NUL). None of them ever fails: whatever is not
 * understood ends the number, and text without digits is 0.
 *
 * <ul>
 *   <li>{@link #atoix}: decimal with an optional fraction and a binary-magnitude suffix
 *       ({@code 1.5k} = 1536, {@code 1e3} = 2^60, since {@code e} means exa), clamped to the
 *       {@code long} range; used for bucket counts, powers, {@code list -m} and TCDBGFD.</li>
 *   <li>{@link #atoi}: decimal integer with silent 64-bit wrap-around; used by {@code put -dai}.</li>
 *   <li>{@link #atof}: decimal real with an optional exponent, {@code inf} and {@code nan}; used by
 *       {@code put -dad}.</li>
 * </ul>
 * Leading bytes 0x01..0x20 are skipped and one sign is accepted. Bytes 0x80 and above are not blank.
 */
public final class TcNumbers {
    /** Digits of a real number beyond this count end the fraction (and then the exponent is not read). */
    private static final int MAX_REAL_DIGITS = 16;
    private static final ExtendedReal TEN = ExtendedReal.of(10);
    private static final ExtendedReal ZERO_CHAR = ExtendedReal.of('0');
    /** The NaN an invalid x87 operation yields: quiet, with the sign bit set. */
    private static final double INDEFINITE = Double.longBitsToDouble(0xFFF8000000000000L);

    private TcNumbers() {
    }

    /** Like TC's {@code tcatoix}. */
    public static long atoix(byte[] s) {
        int i = skipBlanks(s, 0);
        boolean negative = false;
        if (at(s, i) == '-') {
            negative = true;
            i++;
        } else if (at(s, i) == '+') {
            i++;
        }
        ExtendedReal num = ExtendedReal.ZERO;
        while (isDigit(at(s, i))) {
            num = appendDigit(num, at(s, i));
            i++;
        }
        if (at(s, i) == '.') {
            i++;
            ExtendedReal base = TEN;
            while (isDigit(at(s, i))) {
                num = num.add(ExtendedReal.of(at(s, i) - '0').divide(base));
                base = base.multiply(TEN);
                i++;
            }
        }
        if (negative) {
            num = num.negate();
        }
        i = skipBlanks(s, i);
        int shift = switch (at(s, i)) {
            case 'k', 'K' -> 10;
            case 'm', 'M' -> 20;
            case 'g', 'G' -> 30;
            case 't', 'T' -> 40;
            case 'p', 'P' -> 50;
            case 'e', 'E' -> 60;
            default -> 0;
        };
        if (shift > 0) {
            num = num.multiply(ExtendedReal.of(1L << shift));
        }
        if (num.compareTo(Long.MAX_VALUE) > 0) {
            return Long.MAX_VALUE;
        }
        if (num.compareTo(Long.MIN_VALUE) < 0) {
            return Long.MIN_VALUE;
        }
        return num.truncateToLong();
    }

    /** Like TC's {@code tcatoi}. */
    public static long atoi(byte[] s) {
        int i = skipBlanks(s, 0);
        long sign = 1;
        if (at(s, i) == '-') {
            sign = -1;
            i++;
        } else if (at(s, i) == '+') {
            i++;
        }
        long num = 0;
        while (isDigit(at(s, i))) {
            num = num * 10 + (at(s, i) - '0');
            i++;
        }
        return num * sign;
    }

    /** Like TC's {@code tcatof}. */
    public static double atof(byte[] s) {
        int i = skipBlanks(s, 0);
        boolean negative = false;
        if (at(s, i) == '-') {
            negative = true;
            i++;
        } else if (at(s, i) == '+') {
            i++;
        }
        if (startsWithIgnoreCase(s, i, "inf")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (startsWithIgnoreCase(s, i, "nan")) {
            return Double.NaN;
        }
        ExtendedReal num = ExtendedReal.ZERO;
        int digits = 0;
        while (isDigit(at(s, i))) {
            num = appendDigit(num, at(s, i));
            i++;
            if (!num.isZero()) {
                digits++;
            }
        }
        if (at(s, i) == '.') {
            i++;
            ExtendedReal fraction = ExtendedReal.ZERO;
            ExtendedReal base = TEN;
            while (digits < MAX_REAL_DIGITS && isDigit(at(s, i))) {
                fraction = fraction.add(ExtendedReal.of(at(s, i) - '0').divide(base));
                i++;
                digits++;
                base = base.multiply(TEN);
            }
            num = num.add(fraction);
        }
        if (at(s, i) == 'e' || at(s, i) == 'E') {
            long power = atoi(Arrays.copyOfRange(s, i + 1, s.length));
            double scale = ExtendedReal.powerOfTen(power);
            if (Double.isInfinite(scale)) {
                // long double * inf is inf; 0 * inf is the x87 "indefinite" NaN, whose sign bit is set.
                if (num.isZero()) {
                    return INDEFINITE;
                }
                return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            num = num.multiply(ExtendedReal.of(scale));
        }
        if (negative) {
            num = num.negate();
        }
        return num.toDouble();
    }

    /** {@code num * 10 + c - '0'} evaluated as C does it: three rounded long double operations. */
    private static ExtendedReal appendDigit(ExtendedReal num, int c) {
        return num.multiply(TEN).add(ExtendedReal.of(c)).subtract(ZERO_CHAR);
    }

    private static int skipBlanks(byte[] s, int i) {
        while (at(s, i) > 0 && at(s, i) <= ' ') {
            i++;
        }
        return i;
    }

    /** The byte at {@code i} as a C {@code char} (signed), 0 past the end or at a NUL. */
    private static int at(byte[] s, int i) {
        return i < s.length ? s[i] : 0;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean startsWithIgnoreCase(byte[] s, int i, String word) {
        for (int k = 0; k < word.length(); k++) {
            int c = at(s, i + k);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != word.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
