package io.countd.server.rank;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a stored tree from scratch, decoding every node from the store (no cached node is
 * trusted): levels, sizes, order within and across nodes, node limits, unique and allocated ids.
 * Throws {@link AssertionError} on the first violation.
 */
public final class TreeChecker {
    private final NodeStore nodes;
    private final long nextId;
    private final Set<Long> seen = new HashSet<>();
    private final List<RankModel.Row> entries = new ArrayList<>();

    private TreeChecker(NodeStore nodes, long nextId) {
        this.nodes = nodes;
        this.nextId = nextId;
    }

    /** Checks the tree stored under {@code rootId}; returns the ids of its nodes. */
    public static Set<Long> check(long rootId, int height, long size, long nextId, NodeStore nodes) {
        TreeChecker c = new TreeChecker(nodes, nextId);
        if (rootId == 0) {
            expect(height == 0 && size == 0, "empty tree with height " + height + " and size " + size);
            return c.seen;
        }
        long total = c.visit(rootId, height - 1, true, null, null);
        expect(total == size, "tree holds " + total + " entries, its meta says " + size);
        for (int i = 1; i < c.entries.size(); i++) {
            RankModel.Row a = c.entries.get(i - 1);
            RankModel.Row b = c.entries.get(i);
            expect(RankOrder.compare(a.count(), a.key(), b.count(), b.key()) < 0, "entries out of order: " + a + ", " + b);
        }
        return c.seen;
    }

    public static Set<Long> check(RankTree tree, NodeStore nodes) {
        return check(tree.rootId(), tree.height(), tree.size(), tree.nextId(), nodes);
    }

    /** Every entry of the tree in order, read from the store. */
    public static List<RankModel.Row> entries(RankTree tree, NodeStore nodes) {
        TreeChecker c = new TreeChecker(nodes, tree.nextId());
        if (tree.rootId() != 0) {
            c.visit(tree.rootId(), tree.height() - 1, true, null, null);
        }
        return c.entries;
    }

    /** Visits node {@code id}; every entry under it must rank at or after {@code low} and before {@code high}. */
    private long visit(long id, int level, boolean isRoot, RankModel.Row low, RankModel.Row high) {
        expect(id > 0 && id < nextId, "node id " + id + " outside [1, " + nextId + ")");
        expect(seen.add(id), "node " + id + " is reachable twice");
        Node node = nodes.load(id);
        expect(node != null, "node " + id + " is missing");
        expect(node.level() == level, "node " + id + " at level " + node.level() + ", expected " + level);
        int cost = node instanceof Leaf l ? l.cost() : ((Branch) node).cost();
        expect(cost <= NodeLimits.CAPACITY, "node " + id + " costs " + cost);
        if (!isRoot) {
            expect(cost >= NodeLimits.MIN_FILL, "node " + id + " costs only " + cost);
        }
        if (node instanceof Leaf leaf) {
            expect(leaf.width() >= 1, "empty leaf " + id);
            for (int i = 0; i < leaf.width(); i++) {
                RankModel.Row r = new RankModel.Row(leaf.count(i), leaf.key(i));
                within(r, low, high, "leaf " + id);
                entries.add(r);
            }
            return leaf.width();
        }
        Branch b = (Branch) node;
        expect(b.width() >= 2, "branch " + id + " has " + b.width() + " children");
        long total = 0;
        for (int i = 0; i < b.width(); i++) {
            RankModel.Row from = i == 0 ? low : new RankModel.Row(b.separatorCount(i), b.separatorKey(i));
            RankModel.Row to = i + 1 < b.width() ? new RankModel.Row(b.separatorCount(i + 1), b.separatorKey(i + 1)) : high;
            if (i > 0) {
                within(from, low, high, "separator " + i + " of branch " + id);
            }
            long sub = visit(b.childId(i), level - 1, false, from, to);
            expect(sub == b.childSize(i), "child " + i + " of " + id + " holds " + sub + ", recorded " + b.childSize(i));
            total += sub;
        }
        return total;
    }

    private static void within(RankModel.Row r, RankModel.Row low, RankModel.Row high, String where) {
        if (low != null) {
            expect(RankOrder.compare(low.count(), low.key(), r.count(), r.key()) <= 0, where + ": " + r + " before bound " + low);
        }
        if (high != null) {
            expect(RankOrder.compare(r.count(), r.key(), high.count(), high.key()) < 0, where + ": " + r + " not before bound " + high);
        }
    }

    private static void expect(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
