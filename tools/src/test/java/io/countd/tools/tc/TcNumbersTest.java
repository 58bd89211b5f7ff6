package io.countd.tools.tc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** TC's number parsers; expected values observed with Debian's libtokyocabinet (see the format spec). */
class TcNumbersTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest(name = "atoix(\"{0}\") = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "1k|1024", "1K|1024", "1.5k|1536", "\"1.5 k\"|1536", "2kb|2048", ".5k|512", "1.k|1024", "0.1k|102",
        "12x|12", "abc|0", "\"\"|0", "k|0", "-k|0", "\"- 5\"|0", "--5|0", "+-5|0", "0x10|0", "1.9999|1",
        "-1.5k|-1536", "1e3|1152921504606846976", "8e|9223372036854775807", "16e|9223372036854775807",
        "99999999999999999999|9223372036854775807", "-8e|-9223372036854775808", "\"\t5\"|5", "+3|3",
        "1m|1048576", "2g|2147483648", "4294967307|4294967307", "-0|0",
    })
    void atoix(String text, long expected) {
        assertEquals(expected, TcNumbers.atoix(b(text)));
    }

    @ParameterizedTest(name = "(int) atoi(\"{0}\") = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "12abc|12", "-5|-5", "\"\"|0", "abc|0", "\" 3\"|3", "+4|4", "1k|1", "1.9|1", "2147483648|-2147483648",
        "4294967296|0", "99999999999|1215752191", "99999999999999999999|1661992959",
    })
    void atoiAsTheToolTruncatesIt(String text, int expected) {
        assertEquals(expected, (int) TcNumbers.atoi(b(text)));
    }

    @ParameterizedTest(name = "atof(\"{0}\") = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "1.5|3ff8000000000000", "0x10|0000000000000000", "1.5e|3ff8000000000000", "\"1e 2\"|4059000000000000",
        ".5|3fe0000000000000", "5.|4014000000000000", "-0|8000000000000000",
        // more than 16 digits end the fraction, and then the exponent is not read
        "1.7976931348623157e308|3ffcc359e067a345", "0.123456789012345678|3fbf9add3746f659",
        "3.3333333333333333|400aaaaaaaaaaaaa",
        // pow(10, n) underflows; glibc's pow(10, 23) is one ulp above the nearest double
        "4.9e-324|0000000000000000", "1e23|44b52d02c7e14af7", "1e22|4480f0cf064dd592",
        "nan|7ff8000000000000", "-nan|7ff8000000000000", "NaNx|7ff8000000000000",
        "inf|7ff0000000000000", "-Infinity|fff0000000000000", "infx|7ff0000000000000",
        // 0 * inf: the x87 indefinite NaN, sign bit set
        "0e999|fff8000000000000", "1e309|7ff0000000000000", "1e-400|0000000000000000",
    })
    void atofBitForBit(String text, String bits) {
        assertEquals(bits, String.format("%016x", Double.doubleToRawLongBits(TcNumbers.atof(b(text)))));
    }
}
