package io.countd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict JSON reader: what it accepts, and a list of near misses it must refuse. */
class JsonTest {
    private static Object parse(String s) {
        return Json.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryKindOfValue() {
        assertEquals(Map.of("a", List.of(BigInteger.ONE, -2.5e3, Boolean.TRUE, Boolean.FALSE, Json.NULL),
                "b", Map.of(), "c", "x\"\\/\b\f\n\r\té😀"),
                parse(" {\"a\" : [1, -2.5e3, true, false, null], \"b\": {}, \"c\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"} "));
        assertEquals(new BigInteger("-9223372036854775809"), parse("-9223372036854775809"));
        assertEquals(List.of(), parse("[]"));
    }

    @Test
    void refusesWhatIsNotJson() {
        String[] bad = {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "'a'", "01", "1.", ".5", "-", "1e", "+1",
            "tru", "nul", "\"a", "\"\\x\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00x\"", "\"a\tb\"", "[1] [2]",
            "{\"a\":1,\"a\":2}", "NaN", "[" + "[".repeat(100) + "]".repeat(101)};
        for (String b : bad) {
            assertThrows(IllegalArgumentException.class, () -> parse(b), b);
        }
        assertThrows(IllegalArgumentException.class, () -> Json.parse(new byte[] {'"', (byte) 0xff, '"'}));
    }
}
