package io.countd.bench.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every benchmark of the suite on every store at a tiny size, outside JMH, so that the suite keeps
 * working: each pass must see every record. No timing.
 */
class StoresBenchmarkSmokeTest {
    private static final int ENTRIES = 3000;
    /** The sum of keys 0..ENTRIES-1, each record's value starting with its key. */
    private static final long SUM = (long) ENTRIES * (ENTRIES - 1) / 2;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void everyBenchmarkSeesEveryRecord(StoreKind kind) {
        System.setProperty("bench.dir", dir.toString());
        StoresBenchmark bench = new StoresBenchmark();

        StoresBenchmark.Empty empty = new StoresBenchmark.Empty();
        empty.store = kind.label();
        empty.entries = ENTRIES;
        empty.keys();
        empty.setUp();
        try {
            Store written = bench.writeRandom(empty);
            assertEquals(SUM, written.readAll());
            assertEquals(ENTRIES - 1, written.get(ENTRIES - 1));
        } finally {
            empty.tearDown();
        }
        empty.setUp();
        try {
            assertEquals(SUM, bench.writeSequential(empty).readAll());
        } finally {
            empty.tearDown();
        }

        StoresBenchmark.Filled filled = new StoresBenchmark.Filled();
        filled.store = kind.label();
        filled.entries = ENTRIES;
        filled.setUp();
        try {
            assertEquals(SUM, bench.readRandom(filled));
            assertEquals(SUM, bench.readAll(filled));
            assertEquals(-1, filled.open.get(ENTRIES));
        } finally {
            filled.tearDown();
        }
    }
}
