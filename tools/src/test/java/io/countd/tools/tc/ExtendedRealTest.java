package io.countd.tools.tc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ExtendedRealTest {
    @Test
    void keepsSixtyFourBitsOfSignificand() {
        // 2^64 + 1 needs 65 bits: it rounds to 2^64 (ties to even), which a double could not tell.
        ExtendedReal big = ExtendedReal.of(1L << 62).multiply(ExtendedReal.of(4)).add(ExtendedReal.of(1));
        assertEquals(0, big.subtract(ExtendedReal.of(1L << 62).multiply(ExtendedReal.of(4))).compareTo(0));
        // 2^63 + 1 fits in 64 bits and stays exact.
        ExtendedReal exact = ExtendedReal.of(1L << 62).multiply(ExtendedReal.of(2)).add(ExtendedReal.of(1));
        assertEquals(1, exact.subtract(ExtendedReal.of(1L << 62).multiply(ExtendedReal.of(2))).compareTo(0));
    }

    @Test
    void divisionRoundsOnceToSixtyFourBits() {
        ExtendedReal tenth = ExtendedReal.of(1).divide(ExtendedReal.of(10));
        // 0.1 in x87 extended precision is closer to 0.1 than the double is; rounding it to double gives 0.1.
        assertEquals(0.1, tenth.toDouble());
        assertEquals(102, tenth.multiply(ExtendedReal.of(1024)).truncateToLong());
    }

    @Test
    void convertsToDoubleWithGradualUnderflow() {
        assertEquals(Double.MIN_VALUE, ExtendedReal.of(Double.MIN_VALUE).toDouble());
        assertEquals(0.0, ExtendedReal.of(Double.MIN_VALUE).divide(ExtendedReal.of(2)).toDouble()); // tie to even 0
        assertEquals(Double.MIN_VALUE, ExtendedReal.of(Double.MIN_VALUE).multiply(ExtendedReal.of(3))
                .divide(ExtendedReal.of(4)).toDouble());
        assertEquals(Double.POSITIVE_INFINITY, ExtendedReal.of(Double.MAX_VALUE).multiply(ExtendedReal.of(2)).toDouble());
        assertEquals(-0.0, ExtendedReal.ZERO.negate().toDouble());
    }

    @Test
    void powersOfTenFollowGlibc() {
        assertEquals(1e22, ExtendedReal.powerOfTen(22));
        assertEquals(Math.nextUp(1e23), ExtendedReal.powerOfTen(23));
        assertEquals(Math.nextUp(1e210), ExtendedReal.powerOfTen(210));
        assertEquals(1e-5, ExtendedReal.powerOfTen(-5));
        assertEquals(1e-323, ExtendedReal.powerOfTen(-323));
        assertEquals(0.0, ExtendedReal.powerOfTen(-400));
        assertEquals(Double.POSITIVE_INFINITY, ExtendedReal.powerOfTen(309));
    }
}
