package io.countd.server.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link TreeVerifier} on a tree of two levels built by batches, then with its nodes damaged one way at a time. */
class TreeVerifierTest {
    private final MemoryNodes nodes = new MemoryNodes();
    private RankTree tree;

    @BeforeEach
    void build() {
        TreeBatch b = RankTree.empty().batch(nodes);
        for (int k = 0; k < 1000; k++) {
            b.insert(k % 13 + 1, ("key-" + k).getBytes(StandardCharsets.US_ASCII));
        }
        TreeChanges c = b.finish();
        c.writeTo(nodes);
        tree = c.tree();
        assertEquals(2, tree.height(), "the test needs a root branch over leaves");
    }

    private TreeVerifier.Result verify(List<RankModel.Row> into) {
        return TreeVerifier.verify(tree.rootId(), tree.height(), tree.size(), tree.nextId(), nodes,
                (rank, count, key) -> into.add(new RankModel.Row(count, key.clone())));
    }

    private Branch root() {
        return (Branch) nodes.load(tree.rootId());
    }

    /** Rewrites the root from its text form after {@code edit}. */
    private void editRoot(UnaryOperator<String> edit) {
        String text = Nodes.describe(root());
        nodes.write(tree.rootId(), Nodes.branch(1, edit.apply(text.substring("branch 1 ".length()))));
    }

    private static void assertProblem(TreeVerifier.Result r, String expected) {
        assertTrue(r.problems().stream().anyMatch(p -> p.contains(expected)), () -> expected + " in " + r.problems());
    }

    @Test
    void aSoundTreeHasNoProblemsAndEveryEntryInOrder() {
        List<RankModel.Row> entries = new ArrayList<>();
        TreeVerifier.Result r = verify(entries);
        assertEquals(List.of(), r.problems());
        assertEquals(TreeChecker.entries(tree, nodes), entries);
        assertEquals(nodes.ids(), r.nodes());
        assertEquals(1000, r.entries());
    }

    @Test
    void aWrongChildSizeIsNamed() {
        Branch root = root();
        long child = root.childId(0);
        editRoot(t -> t.replaceFirst("^" + child + "/" + root.childSize(0), child + "/" + (root.childSize(0) + 1)));
        TreeVerifier.Result r = verify(new ArrayList<>());
        assertProblem(r, "node " + tree.rootId() + " records " + (root.childSize(0) + 1) + " entries under child " + child);
        assertEquals(1, r.problems().size(), r.problems()::toString);
    }

    @Test
    void aMissingNodeIsNamedAndTheRestStillWalked() {
        long last = root().childId(root().width() - 1);
        nodes.remove(last);
        List<RankModel.Row> entries = new ArrayList<>();
        TreeVerifier.Result r = verify(entries);
        assertEquals(List.of("node " + last + " is missing"), r.problems());
        assertEquals(1000 - root().childSize(root().width() - 1), entries.size());
    }

    @Test
    void childrenSwappedBreakTheOrderAndTheBounds() {
        Branch root = root();
        long a = root.childId(0);
        long b = root.childId(1);
        editRoot(t -> t.replaceFirst("^" + a + "/", "X/").replaceFirst("," + b + "/", "," + a + "/").replaceFirst("^X/", b + "/"));
        TreeVerifier.Result r = verify(new ArrayList<>());
        assertProblem(r, "lies outside the bounds of its parents");
        assertProblem(r, "is not after the entry before it");
    }

    @Test
    void aNodeReachedTwiceOrOutsideTheIdsIsNamed() {
        Branch root = root();
        long a = root.childId(0);
        long b = root.childId(1);
        editRoot(t -> t.replaceFirst("," + b + "/", "," + a + "/"));
        assertProblem(verify(new ArrayList<>()), "node " + a + " is reached twice");
        TreeVerifier.Result r = TreeVerifier.verify(tree.rootId(), tree.height(), tree.size(), tree.rootId(), nodes,
                (rank, count, key) -> { });
        assertProblem(r, "outside the ids allocated so far");
    }
}
