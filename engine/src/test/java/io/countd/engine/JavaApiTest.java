package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API as a Java user meets it: String forms that agree with the byte forms, transactions as a
 * callback that commits or aborts and leaves the handle ready, and values read into a caller's
 * buffer without allocating.
 */
class JavaApiTest {
    @TempDir
    Path dir;

    private HashDatabase fresh(Option... options) {
        return HashDatabase.builder(dir.resolve("casket")).truncate().options(options).open();
    }

    @Test
    void stringFormsAgreeWithByteForms() {
        try (HashDatabase db = fresh()) {
            db.putAsync("async", "é");
            assertEquals("é", db.get("async"));
            assertEquals(7, db.addInt("int", 7));
            assertEquals(10, db.addInt("int".getBytes(StandardCharsets.UTF_8), 3));
            assertEquals(1.5, db.addDouble("double", 1.5));
            assertTrue(db.containsKey("int"));
            assertFalse(db.containsKey("absent"));
            assertEquals(2, db.valueSize("async"));
            assertEquals(-1, db.valueSize("absent"));
            db.put("prefix-a", "1");
            db.put("prefix-b", "2");
            assertEquals(List.of("prefix-a", "prefix-b"), db.keysWithPrefix("prefix-", -1));
            assertEquals(1, db.keysWithPrefix("prefix-", 1).size());
            assertTrue(db.iterInit("prefix-a"));
            assertArrayEquals("prefix-a".getBytes(StandardCharsets.UTF_8), db.iterNext());
            assertFalse(db.iterInit("absent"));
        }
    }

    @Test
    void aTransactionBodyCommitsWhenItReturns() {
        try (HashDatabase db = fresh()) {
            db.put("from", "100");
            db.inTransaction(tx -> {
                tx.put("from", "90");
                tx.put("to", "10");
            });
            assertEquals("90", db.get("from"));
            assertEquals("10", db.get("to"));
            assertEquals(Boolean.TRUE, db.computeInTransaction(tx -> tx.remove("to")));
            assertNull(db.get("to"));
        }
    }

    @Test
    void aTransactionBodyThatThrowsIsUndoneAndTheHandleStaysReady() {
        try (HashDatabase db = fresh()) {
            db.put("from", "100");
            IllegalStateException thrown = new IllegalStateException("insufficient funds");
            IllegalStateException seen = assertThrows(IllegalStateException.class, () -> db.inTransaction(tx -> {
                tx.put("from", "0");
                tx.put("to", "100");
                throw thrown;
            }));
            assertSame(thrown, seen);
            assertEquals("100", db.get("from"));
            assertNull(db.get("to"));
            // A failing engine call inside the body is undone the same way.
            TcException e = assertThrows(TcException.class, () -> db.inTransaction(tx -> {
                tx.put("x", "1");
                tx.addInt("from", 1); // "100" is 3 bytes, not an int record
            }));
            assertEquals(TcError.KEEP, e.error());
            assertNull(db.get("x"));
            db.beginTransaction();
            db.put("after", "ok");
            db.commitTransaction();
            assertEquals("ok", db.get("after"));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aValueIsReadIntoTheCallersBuffer(boolean mapped) {
        Path path = dir.resolve("buffer-" + mapped);
        try (HashDatabase db = HashDatabase.builder(path).truncate().memoryMapped(mapped).open()) {
            byte[] big = new byte[100_000];
            for (int i = 0; i < big.length; i++) {
                big[i] = (byte) (i * 31);
            }
            db.put("small".getBytes(StandardCharsets.UTF_8), "value".getBytes(StandardCharsets.UTF_8));
            db.put("big".getBytes(StandardCharsets.UTF_8), big);
            for (ByteBuffer into : List.of(ByteBuffer.allocate(200_000), ByteBuffer.allocateDirect(200_000))) {
                into.position(3);
                assertEquals(5, db.get("small".getBytes(StandardCharsets.UTF_8), into));
                assertEquals(8, into.position());
                assertEquals(100_000, db.get("big".getBytes(StandardCharsets.UTF_8), into));
                assertEquals(100_008, into.position());
                byte[] back = new byte[100_000];
                into.get(8, back);
                assertArrayEquals(big, back);
                assertEquals('v', into.get(3));

                into.limit(into.position() + 4);
                assertEquals(5, db.get("small".getBytes(StandardCharsets.UTF_8), into), "too small: size only");
                assertEquals(100_008, into.position(), "nothing copied");
                assertEquals(100_012, into.limit());
                assertEquals(-1, db.get("absent".getBytes(StandardCharsets.UTF_8), into));
            }
        }
    }

    @Test
    void aCompressedValueIsReadIntoTheCallersBuffer() {
        try (HashDatabase db = fresh(Option.DEFLATE)) {
            String value = "compressible ".repeat(100);
            db.put("k", value);
            ByteBuffer into = ByteBuffer.allocate(2000);
            assertEquals(value.length(), db.get("k".getBytes(StandardCharsets.UTF_8), into));
            assertEquals(value, new String(into.array(), 0, into.position(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void readingIntoABufferAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (HashDatabase db = fresh()) {
            byte[][] keys = new byte[1000][];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = ("key" + i).getBytes(StandardCharsets.UTF_8);
                db.put(keys[i], ("value-" + i + "-".repeat(i % 40)).getBytes(StandardCharsets.UTF_8));
            }
            ByteBuffer into = ByteBuffer.allocateDirect(100);
            long sizes = 0;
            for (int round = 0; round < 50; round++) {
                for (byte[] k : keys) {
                    into.clear();
                    sizes += db.get(k, into);
                }
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int round = 0; round < 20; round++) {
                for (byte[] k : keys) {
                    into.clear();
                    sizes += db.get(k, into);
                }
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(sizes > 0);
            assertTrue(allocated < 20_000 / 8, () -> allocated + " bytes allocated by 20,000 reads");
        }
    }
}
