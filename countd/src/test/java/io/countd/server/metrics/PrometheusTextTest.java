package io.countd.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The test parser itself: it reads what the format allows and refuses what it does not. */
class PrometheusTextTest {
    private static final String GOOD = """
            # HELP a_total A counter
            # TYPE a_total counter
            a_total{kind="x \\"q\\" \\\\ \\n"} 3.0
            a_total{kind="y"} 1e3
            # TYPE h histogram
            h_bucket{le="0.5"} 1
            h_bucket{le="+Inf"} 2
            h_count 2
            h_sum 1.5
            # TYPE g gauge
            g NaN 1700000000000
            """;

    @Test
    void readsAValidExposition() {
        PrometheusText p = PrometheusText.parse(GOOD);
        assertEquals("counter", p.type("a_total"));
        assertEquals(3.0, p.value("a_total", "kind", "x \"q\" \\ \n"));
        assertEquals(1000.0, p.value("a_total", "kind", "y"));
        assertEquals(2.0, p.value("h_count"));
        assertEquals(4, p.family("h").size());
    }

    @Test
    void refusesWhatTheFormatForbids() {
        String[] bad = {
            "a 1",                                              // no final line feed
            "1a 1\n",                                           // bad name
            "a{1b=\"x\"} 1\n",                                  // bad label name
            "a{b=x} 1\n",                                       // unquoted label value
            "a{b=\"\\t\"} 1\n",                                 // bad escape
            "a one\n",                                          // bad value
            "a 1 2 3\n",                                        // too many fields
            "a 1\na 2\n",                                       // repeated series
            "a 1\nb 1\na{x=\"y\"} 1\n",                         // family split apart
            "a 1\n# TYPE a counter\n",                          // TYPE after samples
            "# TYPE a counter\n# TYPE a gauge\n",               // two TYPEs
            "# TYPE a bogus\n",                                 // unknown type
            "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n", // not cumulative
            "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n",                           // no +Inf
            "# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_count 1\n",                        // +Inf != count
        };
        for (String b : bad) {
            assertThrows(IllegalArgumentException.class, () -> PrometheusText.parse(b), b);
        }
    }
}
