package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The cursors that walk the record section stay on block boundaries as blocks merge, move and are
 * cut off (format-spec/tchdb.md sections 10.6, 10.9, 12 and 19): the handle's iterator, the
 * defragmentation cursor and the cursors of Java iterators, each moved only when it rests on the
 * block concerned.
 */
class CursorsTest {
    private static final long FREC = 4464;

    private final Cursors cursors = new Cursors();

    @Test
    void aFreshFileRestartsDefragmentationAndUninitializesTheIterator() {
        cursors.iterTo(5000);
        cursors.defragTo(6000);
        cursors.reset(FREC);
        assertEquals(0, cursors.iterAt(), "iterinit was not called");
        assertEquals(FREC, cursors.defragAt());
    }

    @Test
    void cursorsOnAnAbsorbedBlockMovePastIt() {
        Cursors.Cursor on = cursors.register(4496);
        Cursors.Cursor before = cursors.register(4480);
        cursors.iterTo(4496);
        cursors.defragTo(4496);
        cursors.absorbed(4496, 32);
        assertEquals(4528, on.at());
        assertEquals(4480, before.at(), "a cursor elsewhere stays");
        assertEquals(4528, cursors.iterAt());
        assertEquals(4528, cursors.defragAt());
    }

    @Test
    void aSkippedFreeBlockMovesIteratorsButNotTheDefragmentationCursor() {
        Cursors.Cursor on = cursors.register(4496);
        cursors.defragTo(4496);
        cursors.skipped(4496, 16);
        assertEquals(4512, on.at());
        assertEquals(4496, cursors.defragAt(), "the defragmentation step moves its own cursor");
    }

    @Test
    void aMovedRecordTakesTheCursorsOnItAlong() {
        Cursors.Cursor on = cursors.register(5000);
        cursors.iterTo(5000);
        cursors.moved(5000, FREC);
        assertEquals(FREC, on.at());
        assertEquals(FREC, cursors.iterAt());
    }

    @Test
    void cursorsBeyondACutAreFinished() {
        Cursors.Cursor beyond = cursors.register(6000);
        Cursors.Cursor atCut = cursors.register(5000);
        Cursors.Cursor inside = cursors.register(4496);
        cursors.iterTo(5500);
        cursors.truncated(5000);
        assertEquals(Cursors.END, beyond.at());
        assertEquals(Cursors.END, atCut.at());
        assertEquals(4496, inside.at());
        assertEquals(Cursors.END, cursors.iterAt());
    }
}
