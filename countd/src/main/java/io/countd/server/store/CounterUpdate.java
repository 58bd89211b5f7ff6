package io.countd.server.store;

import io.countd.engine.HashDatabase;
import io.countd.server.rank.RankMoves;
import io.countd.server.rank.RankTree;
import io.countd.server.rank.TreeBatch;
import io.countd.server.rank.TreeChanges;
import java.util.function.UnaryOperator;

/**
 * The effect of one log's sums on one keyspace, applied inside the apply's transaction: each
 * changed counter is read and rewritten, or created, in one lookup (the engine's {@code putProc}),
 * and its entry moves in a batch of the rank tree, whose changed nodes are written afterwards
 * ({@link #writeNodes}).
 */
final class CounterUpdate implements UnaryOperator<byte[]> {
    private final Deltas deltas;
    private final TreeBatch batch;
    /**
     * The values handed to the engine, one for an absent key and one for a present key's new
     * count: the engine keeps no reference to them after a call, so two arrays serve every key.
     */
    private final byte[] absentValue = new byte[8];
    private final byte[] presentValue = new byte[8];
    /** The entry {@link #apply} is working on, and what it found and decided. */
    private int index;
    private byte[] key;
    private boolean present;
    private long old;
    private long now;
    private TreeChanges tree;

    private CounterUpdate(Deltas deltas, TreeBatch batch) {
        this.deltas = deltas;
        this.batch = batch;
    }

    /**
     * Writes the new counts of {@code deltas} into {@code db} (a transaction is open) and plans the
     * rank tree's changes; the nodes are written by {@link #writeNodes}.
     */
    static CounterUpdate apply(HashDatabase db, EngineNodes nodes, RankTree base, Deltas deltas) {
        CounterUpdate u = new CounterUpdate(deltas, base.batch(nodes));
        RankMoves moves = new RankMoves(deltas.size());
        for (int i = 0, n = deltas.size(); i < n; i++) {
            u.index = i;
            u.key = deltas.key(i);
            u.present = false;
            u.old = 0;
            u.now = 0;
            // A new key's record goes in with the same lookup that finds it absent (most keys of a
            // growing keyspace are new), at the price of encoding a value that a present key
            // does not use.
            long initial = deltas.newCount(i, 0);
            db.putProc(u.key, initial == 0 ? null : KeyspaceRecords.encodeCount(initial, u.absentValue), u);
            if (!u.present) {
                u.now = initial;
            }
            if (u.now != u.old) {
                moves.move(u.old, u.now, u.key);
            }
        }
        moves.applyTo(u.batch);
        u.tree = u.batch.finish();
        return u;
    }

    /** The present counter of the current key: its new value, removal, or null when unchanged. */
    @Override
    public byte[] apply(byte[] stored) {
        present = true;
        old = KeyspaceRecords.decodeCount(key, stored);
        now = deltas.newCount(index, old);
        if (now == old) {
            return null;
        }
        return now == 0 ? HashDatabase.REMOVE : KeyspaceRecords.encodeCount(now, presentValue);
    }

    RankTree tree() {
        return tree.tree();
    }

    /** Writes the rank nodes that changed and removes those no longer used. */
    void writeNodes(EngineNodes nodes) {
        tree.writeTo(nodes);
    }
}
