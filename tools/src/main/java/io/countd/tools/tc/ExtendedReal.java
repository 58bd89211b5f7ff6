package io.countd.tools.tc;

import java.math.BigInteger;

/**
 * A binary floating-point number with a 64-bit significand, rounded to nearest-even after every
 * operation: the x87 "long double" in which Tokyo Cabinet's number parsers ({@code tcatoix},
 * {@code tcatof}) accumulate digits on amd64. Emulating it, rather than using {@code double}, is what
 * makes parsed values agree with the C tool to the last bit (a value parsed by {@code put -dad} is
 * stored in the database, so a difference would show in the file).
 *
 * <p>The exponent range is unbounded, which is indistinguishable from the x87's 15-bit range for the
 * magnitudes these parsers can produce. Immutable.
 */
public final class ExtendedReal {
    private static final int PRECISION = 64;

    /** Positive or negative zero. */
    public static final ExtendedReal ZERO = new ExtendedReal(false, BigInteger.ZERO, 0);

    private final boolean negative;
    private final BigInteger magnitude;
    private final int exponent;

    private ExtendedReal(boolean negative, BigInteger magnitude, int exponent) {
        this.negative = negative;
        this.magnitude = magnitude;
        this.exponent = exponent;
    }

    /** The exact value of a {@code long}. */
    public static ExtendedReal of(long value) {
        return new ExtendedReal(value < 0, BigInteger.valueOf(value).abs(), 0);
    }

    /** The exact value of a finite {@code double}. */
    public static ExtendedReal of(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("not finite: " + value);
        }
        long bits = Double.doubleToRawLongBits(value);
        boolean neg = bits < 0;
        int biased = (int) ((bits >>> 52) & 0x7FF);
        long fraction = bits & ((1L << 52) - 1);
        if (biased == 0) {
            return new ExtendedReal(neg, BigInteger.valueOf(fraction), -1074);
        }
        return new ExtendedReal(neg, BigInteger.valueOf(fraction | (1L << 52)), biased - 1075);
    }

    public boolean isNegative() {
        return negative;
    }

    public boolean isZero() {
        return magnitude.signum() == 0;
    }

    public ExtendedReal negate() {
        return new ExtendedReal(!negative, magnitude, exponent);
    }

    public ExtendedReal multiply(ExtendedReal other) {
        return rounded(negative != other.negative, magnitude.multiply(other.magnitude), exponent + other.exponent,
                false);
    }

    public ExtendedReal add(ExtendedReal other) {
        if (other.isZero()) {
            // x + 0 is x, and -0 + -0 stays -0 (IEEE rule for exact zero sums in round-to-nearest).
            return isZero() ? new ExtendedReal(negative && other.negative, BigInteger.ZERO, 0) : this;
        }
        if (isZero()) {
            return other;
        }
        int e = Math.min(exponent, other.exponent);
        BigInteger a = signed().shiftLeft(exponent - e);
        BigInteger b = other.signed().shiftLeft(other.exponent - e);
        BigInteger sum = a.add(b);
        if (sum.signum() == 0) {
            return ZERO;
        }
        return rounded(sum.signum() < 0, sum.abs(), e, false);
    }

    public ExtendedReal subtract(ExtendedReal other) {
        return add(other.negate());
    }

    public ExtendedReal divide(ExtendedReal divisor) {
        if (divisor.isZero()) {
            throw new ArithmeticException("division by zero");
        }
        boolean neg = negative != divisor.negative;
        if (isZero()) {
            return new ExtendedReal(neg, BigInteger.ZERO, 0);
        }
        // Enough extra quotient bits for a correct rounding; the remainder becomes the sticky bit.
        int shift = PRECISION + 2 + divisor.magnitude.bitLength() - magnitude.bitLength();
        shift = Math.max(shift, 0);
        BigInteger[] qr = magnitude.shiftLeft(shift).divideAndRemainder(divisor.magnitude);
        return rounded(neg, qr[0], exponent - divisor.exponent - shift, qr[1].signum() != 0);
    }

    /** Compares with an exact integer. */
    public int compareTo(long value) {
        BigInteger v = BigInteger.valueOf(value);
        BigInteger self = signed();
        if (exponent >= 0) {
            return self.shiftLeft(exponent).compareTo(v);
        }
        return self.compareTo(v.shiftLeft(-exponent));
    }

    /** Converts to {@code long} by truncation toward zero; the value must be within range. */
    public long truncateToLong() {
        BigInteger whole = exponent >= 0 ? magnitude.shiftLeft(exponent) : magnitude.shiftRight(-exponent);
        return negative ? whole.negate().longValue() : whole.longValue();
    }

    /** Converts to the nearest {@code double} (ties to even), with overflow to infinity and gradual underflow. */
    public double toDouble() {
        if (isZero()) {
            return negative ? -0.0 : 0.0;
        }
        double d = toDoubleMagnitude(magnitude, exponent, false);
        return negative ? -d : d;
    }

    /**
     * {@code pow(10, n)} as glibc (2.28 and later, amd64) computes it: the nearest {@code double}
     * to {@code 10^n}, except for the two exponents where glibc's pow, accurate to 0.52 ulp but not
     * correctly rounded, returns the next value up: 23 (10^23 lies exactly halfway between two
     * doubles) and 210. Checked against glibc for every n from -400 to 400.
     */
    public static double powerOfTen(long n) {
        if (n > 400) {
            return Double.POSITIVE_INFINITY;
        }
        if (n < -400) {
            return 0.0;
        }
        BigInteger p = BigInteger.TEN.pow((int) Math.abs(n));
        if (n >= 0) {
            double d = toDoubleMagnitude(p, 0, false);
            return n == 23 || n == 210 ? Math.nextUp(d) : d;
        }
        int shift = 1200 + p.bitLength();
        BigInteger[] qr = BigInteger.ONE.shiftLeft(shift).divideAndRemainder(p);
        return toDoubleMagnitude(qr[0], -shift, qr[1].signum() != 0);
    }

    private BigInteger signed() {
        return negative ? magnitude.negate() : magnitude;
    }

    private static ExtendedReal rounded(boolean neg, BigInteger mag, int exp, boolean sticky) {
        int excess = mag.bitLength() - PRECISION;
        if (excess <= 0) {
            return new ExtendedReal(neg, mag, exp);
        }
        BigInteger kept = roundShift(mag, excess, sticky);
        if (kept.bitLength() > PRECISION) {
            kept = kept.shiftRight(1);
            excess++;
        }
        return new ExtendedReal(neg, kept, exp + excess);
    }

    /** {@code mag >> shift}, rounded to nearest with ties to even; {@code sticky} marks lost nonzero bits below. */
    private static BigInteger roundShift(BigInteger mag, int shift, boolean sticky) {
        if (shift <= 0) {
            return mag.shiftLeft(-shift);
        }
        BigInteger kept = mag.shiftRight(shift);
        boolean half = mag.testBit(shift - 1);
        boolean below = sticky || mag.getLowestSetBit() < shift - 1;
        if (half && (below || kept.testBit(0))) {
            kept = kept.add(BigInteger.ONE);
        }
        return kept;
    }

    private static double toDoubleMagnitude(BigInteger mag, int exp, boolean sticky) {
        int top = mag.bitLength() - 1 + exp; // binary exponent of the leading bit
        // Normal numbers keep 53 bits; below 2^-1022 the last kept bit is fixed at 2^-1074.
        int lsb = Math.max(top - 52, -1074);
        BigInteger kept = roundShift(mag, lsb - exp, sticky);
        if (kept.bitLength() > 53) {
            kept = kept.shiftRight(1);
            lsb++;
        }
        if (kept.bitLength() + lsb > 1024) {
            return Double.POSITIVE_INFINITY;
        }
        // kept < 2^53 converts exactly; two scalings keep intermediate values normal.
        double d = kept.doubleValue();
        if (lsb < -1000) {
            return Math.scalb(Math.scalb(d, lsb + 1000), -1000);
        }
        return Math.scalb(d, lsb);
    }

    @Override
    public String toString() {
        return (negative ? "-" : "") + magnitude + "*2^" + exponent;
    }
}
