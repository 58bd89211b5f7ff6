package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HashDatabase#putProc}: TC's putproc outcomes, the guard against a function that calls
 * back into its handle, and a function that throws. Its bytes against the C library's are
 * checked by {@code DifferentialStressTest}.
 */
class PutProcTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPresentValueIsReplacedRemovedOrKept() {
        try (HashDatabase db = HashDatabase.builder(dir.resolve("db")).open()) {
            db.put("k", "12");
            assertTrue(db.putProc(b("k"), null, old -> b(new String(old, StandardCharsets.UTF_8) + "3")));
            assertEquals("123", db.get("k"));
            assertFalse(db.putProc(b("k"), b("unused"), old -> null), "a function that declines changes nothing");
            assertEquals("123", db.get("k"));
            assertTrue(db.putProc(b("k"), null, old -> HashDatabase.REMOVE));
            assertNull(db.get("k"));
            assertEquals(0, db.count());
        }
    }

    @Test
    void anAbsentKeyGetsTheDefaultOrNothing() {
        try (HashDatabase db = HashDatabase.builder(dir.resolve("db")).open()) {
            assertFalse(db.putProc(b("k"), null, old -> {
                throw new AssertionError("not called for an absent key");
            }));
            assertEquals(0, db.count());
            assertTrue(db.putProc(b("k"), b("first"), old -> {
                throw new AssertionError("not called for an absent key");
            }));
            assertEquals("first", db.get("k"));
            assertTrue(db.putProc(b("e"), new byte[0], old -> old));
            assertArrayEquals(new byte[0], db.get(b("e")), "an empty value is a value, not REMOVE");
            assertTrue(db.putProc(b("e"), null, old -> new byte[0]));
            assertEquals(2, db.count(), "an empty answer of the function's own stores an empty value");
        }
    }

    @Test
    void aCompressedFileGetsTheDecodedValue() {
        try (HashDatabase db = HashDatabase.builder(dir.resolve("db")).options(Option.DEFLATE).open()) {
            db.put("k", "a".repeat(500));
            assertTrue(db.putProc(b("k"), null, old -> {
                assertEquals(500, old.length);
                return b("b".repeat(700));
            }));
            assertEquals("b".repeat(700), db.get("k"));
            assertTrue(db.putProc(b("k"), null, old -> HashDatabase.REMOVE));
            assertEquals(0, db.count());
            assertEquals(List.of(), db.verify());
        }
    }

    @Test
    void theFunctionMayNotUseItsHandle() {
        try (HashDatabase db = HashDatabase.builder(dir.resolve("db")).open()) {
            db.put("k", "v");
            TcException e = assertThrows(TcException.class, () -> db.putProc(b("k"), null, old -> {
                db.put("other", "x");
                return old;
            }));
            assertEquals(TcError.INVALID, e.error());
            assertNull(db.get("other"));
            assertEquals("v", db.get("k"), "nothing was written, and the handle works on");
            db.put("after", "1");
            assertEquals(List.of(), db.verify());
        }
    }

    @Test
    void whatTheFunctionThrowsPropagatesWithNothingWritten() {
        try (HashDatabase db = HashDatabase.builder(dir.resolve("db")).open()) {
            db.put("k", "v");
            assertThrows(IllegalStateException.class, () -> db.putProc(b("k"), null, old -> {
                throw new IllegalStateException("declined loudly");
            }));
            assertEquals("v", db.get("k"));
            assertEquals(1, db.count());
        }
    }

    @Test
    void aReaderCannotPutProc() {
        try (HashDatabase db = HashDatabase.builder(dir.resolve("db")).open()) {
            db.put("k", "v");
        }
        try (HashDatabase r = HashDatabase.builder(dir.resolve("db")).readOnly().open()) {
            TcException e = assertThrows(TcException.class, () -> r.putProc(b("k"), null, old -> old));
            assertEquals(TcError.INVALID, e.error());
        }
    }
}
