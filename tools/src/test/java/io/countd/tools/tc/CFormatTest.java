package io.countd.tools.tc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CFormatTest {
    @ParameterizedTest(name = "%.6f of {0} = {1}")
    @CsvSource({
        "1.5, 1.500000", "0.0078125, 0.007812", "0.0234375, 0.023438", "0.0000005, 0.000000",
        "1.0000005, 1.000001", "0.1234565, 0.123456", "-0.0, -0.000000", "-1e-7, -0.000000",
        "1e22, 10000000000000000000000.000000", "1e23, 99999999999999991611392.000000",
        "Infinity, inf", "-Infinity, -inf", "1003.75, 1003.750000",
    })
    void fixedSixLikeGlibc(double value, String text) {
        assertEquals(text, CFormat.fixed6(value));
    }

    @Test
    void hugeValuesPrintEveryIntegerDigit() {
        String s = CFormat.fixed6(1e308);
        assertTrue(s.startsWith("1000000000000000010979063629440455417404923096773118463368106829031575854049114915371633289784946888990612496697211725156115902837431400883283070091981460460312716645029330271856974896995885590433383844661650011784268976262129451776280911957867074581227839701717844151052918028932078732729748857154302231183"));
        assertEquals(309 + 7, s.length());
    }

    @Test
    void zeroPadsCounts() {
        assertEquals("00000000", CFormat.zeroPad8(0));
        assertEquals("00012345", CFormat.zeroPad8(12345));
        assertEquals("123456789", CFormat.zeroPad8(123456789));
    }
}
