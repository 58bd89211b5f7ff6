package io.countd.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.Entry;
import io.countd.engine.HashDatabase;
import io.countd.engine.TcError;
import io.countd.engine.TcException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tour of the engine's API, one step a test, each runnable on its own: open a file, store and
 * read records, iterate, group changes in a transaction, close. The files are Tokyo Cabinet hash
 * databases: Tokyo Cabinet's own {@code tchmgr list casket} reads them too.
 */
class TutorialTest {
    @TempDir
    Path dir;

    @Test
    void step1OpenCreatesTheFileAndCloseReleasesIt() {
        Path casket = dir.resolve("casket");
        // A writer that creates the file if needed; try-with-resources closes it (and its lock).
        try (HashDatabase db = HashDatabase.open(casket)) {
            assertEquals(0, db.count());
        }
        // The builder tunes a new file the way tchdbtune does.
        try (HashDatabase db = HashDatabase.builder(casket).buckets(100_003).open()) {
            assertEquals(casket, db.path());
        }
    }

    @Test
    void step2PutAndGet() {
        try (HashDatabase db = HashDatabase.open(dir.resolve("casket"))) {
            db.put("hello", "world");                 // strings are stored as UTF-8
            db.put("hello", "again");                 // put overwrites
            assertFalse(db.putIfAbsent("hello", "no")); // putIfAbsent keeps what is there
            db.append("hello", "!");                  // append concatenates
            assertEquals("again!", db.get("hello"));
            assertNull(db.get("missing"));            // absent keys read as null

            byte[] key = {0, 1, 2};                   // keys and values are any bytes
            db.put(key, new byte[] {(byte) 0xff});
            assertArrayEquals(new byte[] {(byte) 0xff}, db.get(key));

            db.addInt("visits", 3);                   // a 4-byte counter, as tchdbaddint keeps it
            assertEquals(5, db.addInt("visits", 2));

            ByteBuffer into = ByteBuffer.allocateDirect(64);
            assertEquals(1, db.get(key, into));       // read into your own buffer, no allocation
            assertEquals((byte) 0xff, into.get(0));

            assertTrue(db.remove("hello"));
            assertEquals(2, db.count());
        }
    }

    @Test
    void step3Iterate() {
        try (HashDatabase db = HashDatabase.open(dir.resolve("casket"))) {
            db.put("apple", "3");
            db.put("pear", "5");
            db.put("plum", "1");
            // Records come in file order, not key order: collect them to sort.
            Map<String, String> all = new TreeMap<>();
            for (Entry e : (Iterable<Entry>) db::iterator) {
                all.put(e.keyString(), e.valueString());
            }
            assertEquals(Map.of("apple", "3", "pear", "5", "plum", "1"), all);
            assertEquals(2, db.stream().filter(e -> e.keyString().startsWith("p")).count());
        }
    }

    @Test
    void step4TransactionsCommitOrAbortTogether() {
        try (HashDatabase db = HashDatabase.open(dir.resolve("casket"))) {
            db.put("balance:alice", "10");
            db.inTransaction(tx -> {                  // commits when the body returns
                tx.put("balance:alice", "7");
                tx.put("balance:bob", "3");           // both changes, or (after a crash) neither
            });
            assertEquals("3", db.get("balance:bob"));

            assertThrows(IllegalStateException.class, () -> db.inTransaction(tx -> {
                tx.put("balance:alice", "-100");
                throw new IllegalStateException("overdrawn"); // aborts, then rethrows
            }));
            assertEquals("7", db.get("balance:alice"));

            // The explicit form, for transactions that span calls:

            db.beginTransaction();
            db.put("balance:alice", "0");
            db.abortTransaction();                    // undoes everything since begin
            assertEquals("7", db.get("balance:alice"));
        }
    }

    @Test
    void step5FailuresAreTcExceptionsWithTokyoCabinetsCodes() {
        Path casket = dir.resolve("casket");
        try (HashDatabase writer = HashDatabase.open(casket)) {
            writer.put("k", "v");
            // A second writer in this process is refused, as Tokyo Cabinet refuses it.
            TcException e = org.junit.jupiter.api.Assertions.assertThrows(TcException.class,
                    () -> HashDatabase.builder(casket).lockNonBlocking().open().close());
            assertTrue(e.error() == TcError.THREAD || e.error() == TcError.LOCK, e.toString());
        }
        try (HashDatabase reader = HashDatabase.openReadOnly(casket)) {
            assertEquals("v", reader.get("k"));
        }
    }
}
