package io.countd.tools.tc;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** C {@code printf} conversions whose exact output matters to scripts. */
public final class CFormat {
    private CFormat() {
    }

    /**
     * {@code printf("%.6f", d)} as glibc prints it: the exact binary value rounded half-to-even to
     * six decimals, every integer digit written out, {@code inf}/{@code nan} for non-finite values,
     * and a minus sign for every negative value, zero included ({@code -0.000000}).
     */
    public static String fixed6(double d) {
        boolean negative = (Double.doubleToRawLongBits(d) < 0);
        String body;
        if (Double.isNaN(d)) {
            body = "nan";
        } else if (Double.isInfinite(d)) {
            body = "inf";
        } else {
            body = new BigDecimal(Math.abs(d)).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        }
        return negative ? "-" + body : body;
    }

    /** {@code printf("%08d", n)}. */
    public static String zeroPad8(int n) {
        StringBuilder sb = new StringBuilder(12);
        W3cDate.pad(sb, n, 8);
        return sb.toString();
    }
}
