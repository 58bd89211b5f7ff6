package io.countd.server.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Cutting a run of items into nodes always yields nodes within both limits. */
class NodeLimitsTest {
    @Test
    void everyPieceIsWithinTheLimits() {
        qt().withExamples(2000)
                .forAll(lists().of(integers().between(NodeLimits.ITEM_FLOOR, NodeLimits.MAX_ITEM)).ofSizeBetween(1, 400))
                .checkAssert(this::checkCuts);
    }

    @Test
    void aRunThatFitsStaysWhole() {
        int[] bounds = NodeLimits.cuts(new int[] {1000, 1000, 2096}, 3, 4096);
        assertEquals(2, bounds.length);
    }

    private void checkCuts(List<Integer> costList) {
        int n = costList.size();
        int[] costs = new int[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            costs[i] = costList.get(i);
            total += costs[i];
        }
        int[] bounds = NodeLimits.cuts(costs, n, total);
        assertEquals(0, bounds[0]);
        assertEquals(n, bounds[bounds.length - 1]);
        int pieces = bounds.length - 1;
        for (int p = 0; p < pieces; p++) {
            long cost = 0;
            for (int i = bounds[p]; i < bounds[p + 1]; i++) {
                cost += costs[i];
            }
            // A branch piece stores no separator for its first child, which then costs the floor.
            long asBranch = cost - costs[bounds[p]] + NodeLimits.ITEM_FLOOR;
            assertTrue(cost <= NodeLimits.CAPACITY, "piece " + p + " costs " + cost);
            if (pieces > 1) {
                assertTrue(asBranch >= NodeLimits.MIN_FILL, "piece " + p + " of " + pieces + " costs " + asBranch);
            }
        }
    }
}
