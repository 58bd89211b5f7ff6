package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The public API's contracts, one operation family at a time. */
class HashDatabaseApiTest {
    @TempDir
    Path dir;

    private HashDatabase fresh(Option... options) {
        return HashDatabase.builder(dir.resolve("casket")).truncate().options(options).open();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void valueSizeIsTheDecodedSizeAlsoForCompressedFiles() {
        for (Option o : new Option[] {null, Option.DEFLATE, Option.BZIP, Option.TCBS}) {
            try (HashDatabase db = o == null ? fresh() : fresh(o)) {
                db.put(b("k"), b("x".repeat(5000)));
                assertEquals(5000, db.valueSize(b("k")), String.valueOf(o));
                assertEquals(-1, db.valueSize(b("absent")));
                assertTrue(db.containsKey(b("k")));
                assertFalse(db.containsKey(b("absent")));
            }
        }
    }

    @Test
    void keysWithPrefixFollowPhysicalOrderAndTheLimit() {
        try (HashDatabase db = fresh()) {
            for (String k : new String[] {"apple", "banana", "apricot", "", "ap", "avocado", "apex"}) {
                db.put(k, "v");
            }
            assertEquals(List.of("apple", "apricot", "ap", "apex"), strings(db.keysWithPrefix(b("ap"), -1)));
            assertEquals(List.of("apple", "apricot"), strings(db.keysWithPrefix(b("ap"), 2)));
            assertEquals(7, db.keysWithPrefix(new byte[0], -1).size());
            assertEquals(0, db.keysWithPrefix(b("zz"), -1).size());
        }
    }

    private static List<String> strings(List<byte[]> keys) {
        List<String> out = new ArrayList<>();
        keys.forEach(k -> out.add(new String(k, StandardCharsets.UTF_8)));
        return out;
    }

    @Test
    void theHandleIteratorFollowsTcsRules() {
        try (HashDatabase db = fresh()) {
            TcException e = assertThrows(TcException.class, db::iterNext);
            assertEquals(TcError.INVALID, e.error());
            db.put("a", "1");
            db.put("b", "2");
            db.put("c", "3");
            db.iterInit();
            assertEquals("a", new String(db.iterNext()));
            Entry second = db.iterNextEntry();
            assertEquals("b", second.keyString());
            assertEquals("2", second.valueString());
            assertEquals("c", new String(db.iterNext()));
            assertNull(db.iterNext());
            assertNull(db.iterNext());
            assertTrue(db.iterInit(b("b")));
            assertEquals("b", new String(db.iterNext()));
            assertFalse(db.iterInit(b("absent")));
        }
    }

    @Test
    void updatingRecordsWhileIteratingVisitsMovedRecordsAgainAsTcDoes() {
        try (HashDatabase db = fresh()) {
            for (int i = 0; i < 20; i++) {
                db.put("k" + i, "v");
            }
            db.iterInit();
            int visits = 0;
            for (byte[] k; (k = db.iterNext()) != null && visits < 100; visits++) {
                db.put(k, b("a value long enough to move the record to the end of the file"));
            }
            assertEquals(40, visits, "each record once where it was, once where it moved");
            assertEquals(20, db.count());
        }
    }

    @Test
    void addDoubleAndAddIntStoreLittleEndianNumbers() {
        try (HashDatabase db = fresh()) {
            assertEquals(1.5, db.addDouble(b("d"), 1.5));
            assertEquals(3.75, db.addDouble(b("d"), 2.25));
            assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0x0e, 0x40}, db.get(b("d")));
            assertEquals(12, db.addInt(b("n"), 12));
            assertArrayEquals(new byte[] {12, 0, 0, 0}, db.get(b("n")));
            assertEquals(TcError.KEEP, assertThrows(TcException.class, () -> db.addInt(b("d"), 1)).error());
            assertEquals(TcError.KEEP, assertThrows(TcException.class, () -> db.addDouble(b("n"), 1)).error());
        }
    }

    @Test
    void syncVanishAndCopy() throws Exception {
        Path copy = dir.resolve("copy");
        try (HashDatabase db = HashDatabase.builder(dir.resolve("casket")).truncate().buckets(61).alignmentPower(3)
                .options(Option.LARGE).open()) {
            db.put("a", "1");
            db.sync();
            db.beginTransaction();
            assertEquals(TcError.INVALID, assertThrows(TcException.class, db::sync).error());
            assertEquals(TcError.INVALID, assertThrows(TcException.class, db::vanish).error());
            db.commitTransaction();
            db.copyTo(copy);
            db.vanish();
            assertEquals(0, db.count());
            DatabaseInfo info = db.info();
            assertEquals(61, info.bucketCount());
            assertEquals(8, info.alignment());
            assertEquals(Set.of(Option.LARGE), info.options());
            db.put("b", "2");
        }
        try (HashDatabase c = HashDatabase.openReadOnly(copy)) {
            assertEquals("1", c.get("a"));
            assertEquals(1, c.count());
        }
    }

    @Test
    void byteOrderCanBeRequired() {
        Path le = dir.resolve("le");
        HashDatabase.builder(le).byteOrder(ByteOrder.LITTLE_ENDIAN).open().close();
        TcException e = assertThrows(TcException.class,
                () -> HashDatabase.builder(le).requireByteOrder(ByteOrder.BIG_ENDIAN).open());
        assertEquals(TcError.META, e.error());
        HashDatabase.builder(le).requireByteOrder(ByteOrder.LITTLE_ENDIAN).open().close();
    }

    @Test
    void syncedTransactionsCommitAndAbort() {
        try (HashDatabase db = HashDatabase.builder(dir.resolve("casket")).truncate().syncTransactions().open()) {
            db.beginTransaction();
            db.put("a", "1");
            db.commitTransaction();
            db.beginTransaction();
            db.put("b", "2");
            db.abortTransaction();
            assertEquals("1", db.get("a"));
            assertNull(db.get("b"));
        }
        assertFalse(Files.exists(dir.resolve("casket.wal")));
    }

    @Test
    void lifecycleErrors() {
        Path file = dir.resolve("casket");
        try (HashDatabase db = HashDatabase.builder(file).truncate().open()) {
            db.put("a", "1");
            assertEquals(TcError.THREAD, assertThrows(TcException.class, () -> HashDatabase.openReadOnly(file)).error());
        }
        try (HashDatabase r = HashDatabase.openReadOnly(file)) {
            assertEquals(TcError.INVALID, assertThrows(TcException.class, () -> r.put("b", "2")).error());
            assertEquals(TcError.INVALID, assertThrows(TcException.class, r::beginTransaction).error());
            assertEquals("1", r.get("a"));
        }
        HashDatabase closed = HashDatabase.openReadOnly(file);
        closed.close();
        closed.close();
        assertEquals(TcError.INVALID, assertThrows(TcException.class, () -> closed.get("a")).error());
        assertEquals(TcError.NOFILE, assertThrows(TcException.class,
                () -> HashDatabase.openReadOnly(dir.resolve("missing"))).error());
        assertEquals(TcError.NOFILE, assertThrows(TcException.class,
                () -> HashDatabase.open(dir.resolve("no-such-folder").resolve("db"))).error());
    }
}
