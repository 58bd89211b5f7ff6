package io.countd.server.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What {@link RankMoves} hands to a batch beyond the entries, which the model test covers. */
class RankMovesTest {
    @Test
    void aMovedEntryKeepsTheKeyArrayTheTreeHeldAndANewOneTakesTheCallersCopy() {
        MemoryNodes store = new MemoryNodes();
        TreeBatch first = RankTree.empty().batch(store);
        for (int i = 0; i < 1000; i++) {
            first.insert(1 + i % 7, RankTreeModelTest.key(i));
        }
        TreeChanges built = first.finish();
        built.writeTo(store);
        byte[][] heldForTen = new byte[1][];
        built.tree().rows(0, 1000, store, (rank, count, key) -> {
            if (Arrays.equals(key, RankTreeModelTest.key(10))) {
                heldForTen[0] = key;
            }
        });

        RankMoves moves = new RankMoves(3);
        byte[] moved = RankTreeModelTest.key(10).clone();
        byte[] added = RankTreeModelTest.key(5000);
        moves.move(1 + 10 % 7, 100, moved);
        moves.move(0, 50, added);
        moves.move(1 + 20 % 7, 0, RankTreeModelTest.key(20).clone());
        TreeBatch next = built.tree().batch(store);
        moves.applyTo(next);
        TreeChanges changed = next.finish();
        changed.writeTo(store);

        byte[][] top = new byte[2][];
        changed.tree().rows(0, 2, store, (rank, count, key) -> top[(int) rank] = key);
        assertArrayEquals(moved, top[0]);
        assertSame(heldForTen[0], top[0], "the moved entry shares its key with the tree before");
        assertNotSame(moved, top[0]);
        assertSame(added, top[1], "a new entry holds the array it was given");
        assertEquals(1000, changed.tree().size());
    }
}
