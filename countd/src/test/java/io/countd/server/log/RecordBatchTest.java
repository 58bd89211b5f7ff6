package io.countd.server.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The batch's limits and the pool configuration's bounds. */
class RecordBatchTest {
    private static final byte[] NAME = "ks".getBytes();

    @Test
    void capacityIsBoundedSoEveryBatchFitsAnEmptyLog() {
        assertThrows(IllegalArgumentException.class, () -> new RecordBatch(RecordBatch.MAX_RECORD_BYTES - 1));
        assertThrows(IllegalArgumentException.class, () -> new RecordBatch(RecordBatch.MAX_CAPACITY + 1));
        assertEquals(RecordBatch.MAX_CAPACITY, new RecordBatch(RecordBatch.MAX_CAPACITY).capacity());
        long biggestFrame = LogFormat.FRAME_HEADER_BYTES + (long) RecordBatch.MAX_CAPACITY;
        assertTrue(LogFormat.FIRST_FRAME + biggestFrame + LogFormat.SEAL_FRAME_BYTES <= PoolConfig.MIN_LOG_BYTES);
    }

    @Test
    void aFullBatchRefusesARecordAndStaysUnchanged() {
        RecordBatch b = new RecordBatch(RecordBatch.MAX_RECORD_BYTES);
        byte[] big = new byte[256];
        Arrays.fill(big, (byte) 'x');
        assertTrue(b.add(Long.MIN_VALUE, big, 0, 256, big, 0, 256));
        assertEquals(RecordBatch.MAX_RECORD_BYTES, b.bytes());
        assertFalse(b.add(1, NAME, 0, 1, NAME, 0, 1));
        assertEquals(1, b.records());
        assertEquals(RecordBatch.MAX_RECORD_BYTES, b.bytes());
        b.clear();
        assertTrue(b.isEmpty());
        assertTrue(b.add(1, NAME, 0, 1, NAME, 0, 1));
        assertEquals(5, b.bytes());
    }

    @Test
    void namesAndIncrementsOutsideTheFormatAreRejected() {
        RecordBatch b = new RecordBatch(4096);
        byte[] withNul = {'a', 0, 'b'};
        byte[] tooLong = new byte[257];
        Arrays.fill(tooLong, (byte) 'y');
        assertThrows(IllegalArgumentException.class, () -> b.add(0, NAME, 0, 2, NAME, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, NAME, 0, 0, NAME, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, NAME, 0, 2, tooLong, 0, 257));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, withNul, 0, 3, NAME, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> b.add(1, NAME, 0, 2, withNul, 1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> b.add(1, NAME, 1, 2, NAME, 0, 2));
        assertTrue(b.isEmpty());
        assertTrue(b.add(1, withNul, 2, 1, withNul, 0, 1), "a NUL outside the given range does not matter");
    }

    @Test
    void configBoundsAreChecked() {
        Duration s = Duration.ofSeconds(1);
        long min = PoolConfig.MIN_LOG_BYTES;
        assertThrows(IllegalArgumentException.class, () -> new PoolConfig(min - 1, 1, 1, 0, s, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new PoolConfig(PoolConfig.MAX_LOG_BYTES + 1, 1, 1, 0, s, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new PoolConfig(min, 0, 1, 0, s, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new PoolConfig(min, 3, 2, 0, s, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new PoolConfig(min, 1, PoolConfig.MAX_LOGS + 1, 0, s, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new PoolConfig(min, 1, 1, -1, s, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new PoolConfig(min, 1, 1, 0, Duration.ZERO, s, s, s));
        assertThrows(IllegalArgumentException.class, () -> new PoolConfig(min, 1, 1, 0, s, s.negated(), s, s));
        assertThrows(IllegalArgumentException.class, () -> new PoolConfig(min, 1, 1, 0, s, s, Duration.ZERO, s));
        assertThrows(NullPointerException.class, () -> new PoolConfig(min, 1, 1, 0, s, s, s, null));
        assertEquals(64, PoolConfig.DEFAULT.maxLogs());
        assertEquals(min, new PoolConfig(min, 1, 1, 0, s, s, s, s).logBytes());
    }
}
