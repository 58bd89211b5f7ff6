package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.HashDatabase;
import io.countd.server.rank.RankModel;
import io.countd.server.rank.TreeChecker;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Reads a keyspace file that no store of this process holds, record by record through the engine,
 * and checks it whole: meta, name, every counter against the rank tree (same entries, same order),
 * the tree's invariants, and that every stored node belongs to the tree.
 */
final class KeyspaceFileInspector {
    /** What a keyspace file holds. */
    record Contents(KeyspaceMeta meta, byte[] name, Map<Integer, Long> marks, RankModel counters) {
    }

    private KeyspaceFileInspector() {
    }

    static Contents inspect(Path file) {
        try (HashDatabase db = HashDatabase.openReadOnly(file)) {
            RankModel counters = new RankModel();
            Map<Integer, Long> marks = new HashMap<>();
            Set<Long> nodeIds = new HashSet<>();
            byte[][] metaAndName = new byte[2][];
            db.forEach((key, value) -> {
                if (key[0] != 0) {
                    counters.set(key, KeyspaceRecords.decodeCount(key, value));
                } else if (startsWith(key, "mark") && key.length == 9) {
                    int stream = ByteBuffer.wrap(key, 5, 4).getInt();
                    marks.put(stream, KeyspaceRecords.decodePosition(stream, value));
                } else if (startsWith(key, "node") && key.length == 13) {
                    nodeIds.add(ByteBuffer.wrap(key, 5, 8).getLong());
                } else if (java.util.Arrays.equals(key, KeyspaceRecords.META)) {
                    metaAndName[0] = value;
                } else if (java.util.Arrays.equals(key, KeyspaceRecords.NAME)) {
                    metaAndName[1] = value;
                } else {
                    throw new AssertionError("unknown internal record " + HexFormat.of().formatHex(key));
                }
            });
            assertTrue(metaAndName[0] != null && metaAndName[1] != null, "meta and name records");
            KeyspaceMeta meta = KeyspaceMeta.decode(metaAndName[0]);
            assertEquals(counters.size(), meta.keys(), "keys in the meta");
            EngineNodes nodes = new EngineNodes(db, new ReentrantReadWriteLock());
            Set<Long> reachable = TreeChecker.check(meta.root(), meta.height(), meta.keys(), meta.nextId(), nodes);
            assertEquals(reachable, nodeIds, "stored nodes must be exactly the tree's");
            assertEquals(counters.all(),
                    TreeChecker.entries(Snapshot.of(meta).tree(), nodes), "counters and rank tree disagree");
            return new Contents(meta, metaAndName[1], marks, counters);
        }
    }

    private static boolean startsWith(byte[] key, String tag) {
        if (key.length < 1 + tag.length()) {
            return false;
        }
        for (int i = 0; i < tag.length(); i++) {
            if (key[1 + i] != tag.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
