package io.countd.tools.tc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class W3cDateTest {
    @ParameterizedTest(name = "{0} at {1}s -> {2}")
    @CsvSource({
        "2026-07-01T12:00:00Z, 0, 2026-07-01T12:00:00Z",
        "2026-07-01T12:00:00Z, 32400, 2026-07-01T21:00:00+09:00",
        "2026-07-01T12:00:00Z, -18000, 2026-07-01T07:00:00-05:00",
        "2026-07-01T12:00:00Z, 34200, 2026-07-01T21:30:00+09:30",
        "2026-01-15T12:00:00Z, 20700, 2026-01-15T17:45:00+05:45",
        "2026-01-15T12:00:00Z, -12600, 2026-01-15T08:30:00-03:30",
        "2026-01-15T12:00:00Z, 50400, 2026-01-16T02:00:00+14:00",
        "1969-12-31T23:59:59Z, 0, 1969-12-31T23:59:59Z",
        "2020-01-02T03:04:05Z, 59, 2020-01-02T03:05:04Z",
        "2020-01-02T03:04:05Z, -3661, 2020-01-02T02:03:04-01:01",
        "1900-01-01T00:00:00Z, 32400, 1900-01-01T09:00:00+09:00",
        "2100-02-28T23:59:59Z, 1, 2100-03-01T00:00:00Z",
    })
    void formatsAtAFixedOffset(String instant, int offset, String expected) {
        assertEquals(expected, W3cDate.format(Instant.parse(instant).getEpochSecond(), offset));
    }
}
