package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.HashDatabase;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KeyspaceVerifier} on keyspaces written by the store, sound and then damaged behind the
 * store's back in one way each: a counter changed, removed or added without the index, a rank
 * node garbled, a node record no tree reaches.
 */
class KeyspaceVerifierTest {
    @TempDir
    Path dir;

    private Path folder() {
        return dir.resolve("keyspaces");
    }

    /** A keyspace of 2,000 keys (a tree of two levels) per name, applied through the store. */
    private void create(String... names) {
        try (KeyspaceStore store = KeyspaceStore.open(folder(), KeyspaceStore.Access.READ_WRITE)) {
            for (String name : names) {
                Rows.Batch b = new Rows.Batch();
                for (int k = 0; k < 2000; k++) {
                    b.add("key-" + k, k % 97 - 40 == 0 ? 1 : k % 97 - 40);
                }
                store.apply(Rows.bytes(name), 0, 1, b.deltas);
            }
        }
    }

    private Path file(String name) {
        return folder().resolve(KeyspaceNames.fileName(Rows.bytes(name)));
    }

    private void damage(String name, Consumer<HashDatabase> change) {
        try (HashDatabase db = HashDatabase.open(file(name))) {
            change.accept(db);
        }
    }

    private static byte[] count(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n).array();
    }

    /** The node records of a file: id to its encoded node. */
    private static Map<Long, byte[]> nodes(HashDatabase db) {
        Map<Long, byte[]> out = new TreeMap<>();
        db.forEach((k, v) -> {
            if (KeyspaceRecords.isNodeKey(k)) {
                out.put(KeyspaceRecords.nodeId(k), v);
            }
        });
        return out;
    }

    private static long firstLeaf(HashDatabase db) {
        return nodes(db).entrySet().stream().filter(e -> e.getValue()[0] == 0).findFirst().orElseThrow().getKey();
    }

    private Map<String, KeyspaceVerifier.Report> verifyAll() throws Exception {
        Map<String, KeyspaceVerifier.Report> out = new TreeMap<>();
        for (KeyspaceVerifier.Report r : KeyspaceVerifier.verifyAll(folder())) {
            out.put(r.describeName(), r);
        }
        return out;
    }

    private static void assertProblem(KeyspaceVerifier.Report r, String expected) {
        assertTrue(r.problems().stream().anyMatch(p -> p.contains(expected)),
                () -> "expected a problem containing \"" + expected + "\" in " + r.problems());
    }

    @Test
    void soundKeyspacesHaveNoProblems() throws Exception {
        create("clicks", "views");
        Files.createFile(folder().resolve("new.00000000000000000000000000000000.tch"));
        Files.writeString(folder().resolve("notes.txt"), "not a keyspace file");
        List<KeyspaceVerifier.Report> reports = KeyspaceVerifier.verifyAll(folder());
        assertEquals(3, reports.size(), "the 0-byte file is listed, the text file is not");
        for (KeyspaceVerifier.Report r : reports) {
            assertEquals(List.of(), r.problems(), r.file()::toString);
        }
        Map<String, KeyspaceVerifier.Report> byName = verifyAll();
        assertEquals(2000, byName.get("clicks").counters());
        assertTrue(byName.get("clicks").created());
        assertFalse(byName.get("?").created(), "an empty file is a keyspace not created yet");
    }

    @Test
    void eachKindOfPlantedDamageIsNamed() throws Exception {
        create("changed", "removed", "added", "truncated", "flipped", "leaked", "sound");
        damage("changed", db -> db.put(Rows.bytes("key-7"), count(12345)));
        damage("removed", db -> db.remove(Rows.bytes("key-8")));
        damage("added", db -> db.put(Rows.bytes("stray"), count(5)));
        damage("truncated", db -> {
            long leaf = firstLeaf(db);
            byte[] node = nodes(db).get(leaf);
            db.put(KeyspaceRecords.nodeKey(leaf), Arrays.copyOf(node, node.length - 1));
        });
        damage("flipped", db -> {
            // A byte of a key inside a leaf: the node still decodes, but names keys that have no counter.
            long leaf = firstLeaf(db);
            byte[] node = nodes(db).get(leaf).clone();
            node[node.length - 1] ^= 0x01;
            db.put(KeyspaceRecords.nodeKey(leaf), node);
        });
        damage("leaked", db -> {
            Map.Entry<Long, byte[]> any = nodes(db).entrySet().iterator().next();
            db.put(KeyspaceRecords.nodeKey(1_000_000), any.getValue());
        });
        Map<String, KeyspaceVerifier.Report> r = verifyAll();
        assertEquals(List.of(), r.get("sound").problems());
        assertProblem(r.get("changed"), "counter key-7 is 12345, but the index ranks it as");
        assertProblem(r.get("removed"), "the index holds key-8");
        assertProblem(r.get("removed"), "the file holds 1999 counters; the meta says 2000");
        assertProblem(r.get("added"), "1 counters are not in the rank index: stray = 5");
        assertProblem(r.get("truncated"), "cannot be decoded");
        assertProblem(r.get("flipped"), "but the index ranks it as");
        assertProblem(r.get("flipped"), "1 counters are not in the rank index");
        assertProblem(r.get("leaked"), "has an id never allocated");
        assertProblem(r.get("leaked"), "1 node records are not part of the rank index (ids 1000000)");
    }
}
