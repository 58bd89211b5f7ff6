package io.countd.server.store;

import io.countd.server.rank.RankTree;

/**
 * One committed state of a keyspace as this process knows it: the meta it was read from or
 * written with, and its rank tree, whose nodes are loaded on demand and then kept in memory.
 * Immutable; views pin one for their life.
 */
record Snapshot(KeyspaceMeta meta, RankTree tree) {
    static Snapshot of(KeyspaceMeta meta) {
        return new Snapshot(meta, RankTree.of(meta.root(), meta.height(), meta.keys(), meta.nextId()));
    }
}
