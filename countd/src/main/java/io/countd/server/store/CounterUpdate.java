package io.countd.server.store;

import io.countd.engine.HashDatabase;
import io.countd.server.rank.RankTree;
import io.countd.server.rank.TreeBatch;
import io.countd.server.rank.TreeChanges;

/**
 * The effect of one log's sums on one keyspace, computed in memory before anything is written:
 * for every key whose count changes, its new count (0: the record goes), and the rank tree's
 * changes. Reads one counter record per key; touches nothing else of the file but rank nodes.
 */
final class CounterUpdate {
    private final byte[][] keys;
    private final long[] counts;
    private final int changed;
    private final TreeChanges tree;

    private CounterUpdate(byte[][] keys, long[] counts, int changed, TreeChanges tree) {
        this.keys = keys;
        this.counts = counts;
        this.changed = changed;
        this.tree = tree;
    }

    static CounterUpdate plan(HashDatabase db, EngineNodes nodes, RankTree base, Deltas deltas) {
        int n = deltas.size();
        byte[][] keys = new byte[n][];
        long[] counts = new long[n];
        int changed = 0;
        TreeBatch batch = base.batch(nodes);
        for (int i = 0; i < n; i++) {
            byte[] key = deltas.key(i);
            byte[] stored = db.get(key);
            long old = stored == null ? 0 : KeyspaceRecords.decodeCount(key, stored);
            long now = deltas.newCount(i, old);
            if (now == old) {
                continue;
            }
            if (old != 0) {
                batch.remove(old, key);
            }
            if (now != 0) {
                batch.insert(now, key);
            }
            keys[changed] = key;
            counts[changed++] = now;
        }
        return new CounterUpdate(keys, counts, changed, batch.finish());
    }

    RankTree tree() {
        return tree.tree();
    }

    /** Writes the counters and the rank nodes; the caller's transaction is open. */
    void write(HashDatabase db, EngineNodes nodes) {
        for (int i = 0; i < changed; i++) {
            if (counts[i] == 0) {
                db.remove(keys[i]);
            } else {
                db.put(keys[i], KeyspaceRecords.encodeCount(counts[i]));
            }
        }
        tree.writeTo(nodes);
    }
}
