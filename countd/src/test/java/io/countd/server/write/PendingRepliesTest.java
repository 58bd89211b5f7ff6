package io.countd.server.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.protocol.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PendingRepliesTest {
    private final UnpooledByteBufAllocator alloc = UnpooledByteBufAllocator.DEFAULT;

    private static String text(ByteBuf b) {
        String s = b.toString(StandardCharsets.US_ASCII);
        b.release();
        return s;
    }

    @Test
    void repliesGoOutInOrderOnceTheirTicketIsDurable() {
        PendingReplies p = new PendingReplies();
        p.add(Reply.WIN, 1, alloc);
        p.add(Reply.WIN, 1, alloc);
        p.add(Reply.WIN, 2, alloc);
        assertNull(p.takeReady(0));
        assertEquals("WINWIN", text(p.takeReady(1)));
        assertFalse(p.isEmpty());
        assertEquals("WIN", text(p.takeReady(5)));
        assertTrue(p.isEmpty());
    }

    @Test
    void anErrBehindAPendingWinWaitsForIt() {
        PendingReplies p = new PendingReplies();
        p.add(Reply.WIN, 3, alloc);
        p.add(Reply.ERR, 0, alloc);
        p.add(Reply.WIN, 0, alloc);
        assertNull(p.takeReady(2), "the ERR and the no-op WIN may not overtake the pending WIN");
        assertEquals("WINERRWIN", text(p.takeReady(3)));
        assertEquals(2, p.takenWins(), "the WINs among the replies taken");
    }

    @Test
    void repliesThatWaitForNothingGoAtOnce() {
        PendingReplies p = new PendingReplies();
        p.add(Reply.ERR, 0, alloc);
        p.add(Reply.WIN, 0, alloc);
        assertEquals("ERRWIN", text(p.takeReady(0)));
        assertEquals(1, p.takenWins());
        assertNull(p.takeReady(0));
        assertEquals(0, p.takenWins());
    }

    @Test
    void failedTicketsAreRecognised() {
        PendingReplies p = new PendingReplies();
        p.add(Reply.WIN, 4, alloc);
        p.add(Reply.WIN, 6, alloc);
        assertTrue(p.waitsFor(3, 4));
        assertTrue(p.waitsFor(5, 9));
        assertFalse(p.waitsFor(6, 9));
        assertFalse(p.waitsFor(0, 3));
        p.release();
        assertTrue(p.isEmpty());
    }
}
