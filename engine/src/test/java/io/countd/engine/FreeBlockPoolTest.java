package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The free block pool on its own, against the cases of format-spec/tchdb.md section 10: the
 * smallest block that fits, the split of a block more than twice the request, the pairwise merge
 * of touching blocks, the inclusive range removal a splice makes, the trim of a defragmentation
 * step, and the on-disk region with its budget.
 */
class FreeBlockPoolTest {
    private static final int ALIGN = 16;

    @TempDir
    Path dir;

    /** A writer's mark for a file in {@link #dir}, as the engine keeps one per open file. */
    private UnsyncedMark mark() {
        return UnsyncedMark.open(dir.resolve("file"), true, false);
    }

    private final Cursors cursors = new Cursors();

    private FreeBlockPool pool(long... offsetsAndSizes) {
        FreeBlockPool p = new FreeBlockPool(10);
        for (int i = 0; i < offsetsAndSizes.length; i += 2) {
            p.insert(offsetsAndSizes[i], (int) offsetsAndSizes[i + 1], cursors);
        }
        return p;
    }

    /** The entries in the pool's own order, as "offset:size". */
    private static List<String> entries(FreeBlockPool p) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            out.add(p.offset(i) + ":" + p.blockSize(i));
        }
        return out;
    }

    @Test
    void searchTakesTheSmallestBlockThatFitsWhole() {
        FreeBlockPool p = pool(4464, 32, 4512, 64, 5000, 48);
        assertEquals(List.of("4464:32", "5000:48", "4512:64"), entries(p), "kept sorted by size");
        FreeBlockPool.Allocation out = new FreeBlockPool.Allocation();
        assertSame(out, p.search(40, ALIGN, out, cursors));
        assertEquals(5000, out.off);
        assertEquals(48, out.size, "48 is not more than twice 40: taken whole");
        assertEquals(0, out.splitOff);
        assertEquals(List.of("4464:32", "4512:64"), entries(p));
    }

    @Test
    void anExactSizeIsTakenWhole() {
        FreeBlockPool p = pool(4464, 32, 4512, 64);
        FreeBlockPool.Allocation out = p.search(32, ALIGN, new FreeBlockPool.Allocation(), cursors);
        assertEquals(4464, out.off);
        assertEquals(32, out.size);
        assertEquals(List.of("4512:64"), entries(p));
    }

    /** Section 11.3's worked example: a header-sized request of 14 splits the 32-byte block. */
    @Test
    void aBlockMoreThanTwiceTheRequestIsSplitInPlace() {
        FreeBlockPool p = pool(4464, 32, 4512, 64);
        FreeBlockPool.Allocation out = p.search(14, ALIGN, new FreeBlockPool.Allocation(), cursors);
        assertEquals(4464, out.off);
        assertEquals(16, out.size, "14 bytes padded to the alignment");
        assertEquals(4480, out.splitOff, "the remainder starts after the slot");
        assertEquals(16, out.splitSize);
        assertEquals(List.of("4480:16", "4512:64"), entries(p), "the entry changed in place");
    }

    @Test
    void noFittingBlockIsAMiss() {
        FreeBlockPool p = pool(4464, 32);
        assertNull(p.search(33, ALIGN, new FreeBlockPool.Allocation(), cursors));
        assertEquals(List.of("4464:32"), entries(p));
        assertNull(new FreeBlockPool(10).search(1, ALIGN, new FreeBlockPool.Allocation(), cursors), "empty pool");
    }

    @Test
    void aPoolOfPowerZeroReusesNothingButCountsInsertions() {
        FreeBlockPool p = new FreeBlockPool(0);
        p.insert(4464, 32, cursors);
        p.insert(4496, 32, cursors);
        assertEquals(0, p.size());
        assertEquals(2, p.insertions(), "insertions still drive automatic defragmentation");
        assertNull(p.search(16, ALIGN, new FreeBlockPool.Allocation(), cursors));
    }

    /** Section 10.6: with fpow 1, blocks at 384, 400 and 416 of 16 bytes are saved as (384, 32), (416, 16). */
    @Test
    void savingAnOverfullPoolMergesTouchingBlocksPairwise() {
        FreeBlockPool p = new FreeBlockPool(1);
        p.insert(416, 16, cursors);
        p.insert(384, 16, cursors);
        p.insert(400, 16, cursors);
        Cursors.Cursor onAbsorbed = cursors.register(400);
        byte[] region = p.save(1000, 4, cursors);
        assertEquals("1802020100 00".replace(" ", ""), HexFormat.of().formatHex(region),
                "384>>4 = 24, 32>>4 = 2; delta 2, 16>>4 = 1; terminator");
        assertEquals(List.of("384:32", "416:16"), entries(p));
        assertEquals(416, onAbsorbed.at(), "an iterator on an absorbed block moves past it");
    }

    /** Section 10.1's examples of the region's bytes. */
    @Test
    void theSavedRegionIsDeltaEncodedInAlignmentUnits() {
        assertEquals("e802010101" + "0000", HexFormat.of().formatHex(pool(4480, 16, 4464, 16).save(1000, 4, cursors)));
        assertEquals("d5011723" + "0f0000", HexFormat.of().formatHex(pool(410, 30, 340, 46).save(1000, 1, cursors)));
    }

    @Test
    void pairsBeyondTheRegionBudgetAreLeftOutHighestOffsetsFirst() {
        // budget = 20 - 18 = 2: the first pair (3 bytes) is written, then the budget is spent.
        assertArrayEquals(HexFormat.of().parseHex("e802010000"), pool(4480, 16, 4464, 16).save(20, 4, cursors));
    }

    @Test
    void aSavedRegionLoadsBackSortedBySize() throws Exception {
        Path file = dir.resolve("region");
        byte[] region = HexFormat.of().parseHex("d50117230f0000");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE); DataFile data = new DataFile(ch, ByteOrder.BIG_ENDIAN, true, 0, DataFile.WINDOW, mark())) {
            data.write(100, region, 0, region.length);
            FreeBlockPool p = new FreeBlockPool(10);
            p.load(data, 100, region.length, 1);
            assertEquals(List.of("410:30", "340:46"), entries(p));
            assertFalse(p.retainWithin(300, 500), "both lie in [300, 500)");
            assertTrue(p.retainWithin(350, 500), "the block at 340 starts before the record section");
            assertEquals(List.of("410:30"), entries(p));
        }
    }

    /** Section 10.9 step 3: a splice drops the entries from the slot's start to its new end, both included. */
    @Test
    void removeRangeIncludesBothEnds() {
        FreeBlockPool p = pool(100, 16, 200, 32, 300, 48, 301, 64);
        p.removeRange(100, 300);
        assertEquals(List.of("301:64"), entries(p));
    }

    /** Section 10.10: the gathered block replaces the first entry at least as large, wherever it lies. */
    @Test
    void trimDropsTheStepsRangeAndPutsTheGatheredBlockInPlaceOfALargerEntry() {
        FreeBlockPool p = pool(100, 16, 500, 64, 200, 32);
        p.trim(150, 250, 150, 48);
        assertEquals(List.of("100:16", "150:48"), entries(p), "200 lay in the range, 500 gave its place");
        FreeBlockPool empty = new FreeBlockPool(10);
        empty.trim(0, 10, 160, 32);
        assertEquals(List.of("160:32"), entries(empty));
    }

    @Test
    void clearForgetsEveryEntry() {
        FreeBlockPool p = pool(100, 16, 200, 32);
        p.clear();
        assertEquals(0, p.size());
        assertEquals(ByteBuffer.wrap(new byte[] {0, 0}), ByteBuffer.wrap(p.save(100, 4, cursors)));
    }
}
