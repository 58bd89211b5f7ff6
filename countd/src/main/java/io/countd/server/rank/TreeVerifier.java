package io.countd.server.rank;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a stored tree from scratch, for operators: every node is loaded afresh from the store and
 * checked against {@code format-spec/keyspace-store.md} section 4 (ids allocated and reached once,
 * levels, sizes recorded in parents, fill within the limits, separators and entries within their
 * parents' bounds and in strictly increasing rank order across the whole tree). Unlike a reader,
 * it does not stop at the first fault: it reports each, skips what lies below a node it cannot
 * trust, and goes on with the rest.
 *
 * <p><b>Threads:</b> one verification per object; the store must not change meanwhile.
 */
public final class TreeVerifier {
    /** Reports past this many are counted, not kept. */
    private static final int MAX_PROBLEMS = 100;

    /**
     * What a verification found.
     *
     * @param problems one line each, for people; empty for a sound tree
     * @param nodes the ids of the nodes reached (to tell stored nodes that no tree reaches)
     * @param entries the entries visited
     */
    public record Result(List<String> problems, Set<Long> nodes, long entries) {
        public boolean sound() {
            return problems.isEmpty();
        }
    }

    private final NodeStore store;
    private final long nextId;
    private final EntryVisitor visitor;
    private final List<String> problems = new ArrayList<>();
    private final Set<Long> seen = new HashSet<>();
    private int dropped;
    private long entries;
    private long lastCount;
    private byte[] lastKey;

    private TreeVerifier(NodeStore store, long nextId, EntryVisitor visitor) {
        this.store = store;
        this.nextId = nextId;
        this.visitor = visitor;
    }

    /**
     * Walks the tree described by a keyspace's meta (root id, height, entries, next node id),
     * handing every entry of the nodes it can read to {@code visitor} in the order stored.
     */
    public static Result verify(long rootId, int height, long size, long nextId, NodeStore store, EntryVisitor visitor) {
        TreeVerifier v = new TreeVerifier(store, nextId, visitor);
        if (rootId == 0 || height == 0) {
            if (rootId != 0 || height != 0 || size != 0) {
                v.problem("an empty tree has root 0, height 0 and no entries, not root " + rootId + ", height " + height
                        + " and " + size + " entries");
            }
        } else if (height >= NodeLimits.MAX_HEIGHT) {
            v.problem("height " + height + " is impossible");
        } else {
            long found = v.visit(rootId, height - 1, true, null, null);
            if (found >= 0 && found != size) {
                v.problem("the tree holds " + found + " entries; the meta says " + size);
            }
        }
        if (v.dropped > 0) {
            v.problems.add("… and " + v.dropped + " more problems");
        }
        return new Result(List.copyOf(v.problems), Set.copyOf(v.seen), v.entries);
    }

    /** A bound on entries: a count and a key in rank order. */
    private record Bound(long count, byte[] key) {
    }

    /**
     * Checks node {@code id}, which its parent puts at {@code level}, every entry below it at or
     * after {@code low} and before {@code high} (null: unbounded).
     *
     * @return the entries under it, or -1 when part of it could not be read
     */
    private long visit(long id, int level, boolean root, Bound low, Bound high) {
        if (id <= 0 || id >= nextId) {
            problem("node " + id + " is outside the ids allocated so far (1 to " + (nextId - 1) + ")");
        }
        if (!seen.add(id)) {
            problem("node " + id + " is reached twice");
            return -1;
        }
        Node node;
        try {
            node = store.load(id);
        } catch (CorruptIndexException e) {
            problem("node " + id + " cannot be decoded: " + e.getMessage());
            return -1;
        }
        if (node == null) {
            problem("node " + id + " is missing");
            return -1;
        }
        if (node.level() != level) {
            problem("node " + id + " is at level " + node.level() + "; its parent expects " + level);
            return -1;
        }
        int cost = node instanceof Leaf l ? l.cost() : ((Branch) node).cost();
        if (!root && cost < NodeLimits.MIN_FILL) {
            problem("node " + id + " is under-filled (cost " + cost + ", at least " + NodeLimits.MIN_FILL + " required)");
        }
        if (node instanceof Leaf leaf) {
            for (int i = 0; i < leaf.width(); i++) {
                entry(id, leaf.count(i), leaf.key(i), low, high);
            }
            return leaf.width();
        }
        Branch b = (Branch) node;
        long total = 0;
        for (int i = 0; i < b.width(); i++) {
            Bound from = i == 0 ? low : new Bound(b.separatorCount(i), b.separatorKey(i));
            Bound to = i + 1 < b.width() ? new Bound(b.separatorCount(i + 1), b.separatorKey(i + 1)) : high;
            if (i > 0 && !within(from, low, high)) {
                problem("separator " + i + " of node " + id + " lies outside the node's bounds");
            }
            long under = visit(b.childId(i), level - 1, false, from, to);
            if (under >= 0 && under != b.childSize(i)) {
                problem("node " + id + " records " + b.childSize(i) + " entries under child " + b.childId(i)
                        + ", which holds " + under);
            }
            total = under < 0 || total < 0 ? -1 : total + under;
        }
        return total;
    }

    private void entry(long node, long count, byte[] key, Bound low, Bound high) {
        if (!within(new Bound(count, key), low, high)) {
            problem("an entry of node " + node + " (count " + count + ") lies outside the bounds of its parents");
        }
        if (lastKey != null && RankOrder.compare(lastCount, lastKey, count, key) >= 0) {
            problem("an entry of node " + node + " (count " + count + ") is not after the entry before it");
        }
        lastCount = count;
        lastKey = key;
        visitor.entry(entries++, count, key);
    }

    private static boolean within(Bound b, Bound low, Bound high) {
        return (low == null || RankOrder.compare(low.count(), low.key(), b.count(), b.key()) <= 0)
                && (high == null || RankOrder.compare(b.count(), b.key(), high.count(), high.key()) < 0);
    }

    private void problem(String p) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(p);
        } else {
            dropped++;
        }
    }
}
