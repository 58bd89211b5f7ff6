package io.countd.engine;

/**
 * Detects a cycle in a chain of links (a corrupt tree whose links lead back to an ancestor) with
 * Brent's algorithm: constant memory, a comparison per step, and a cycle is caught within a few
 * times its length. Without it a damaged file would hang a lookup forever.
 */
final class LoopGuard {
    private long saved;
    private int power;
    private int steps;

    LoopGuard() {
        reset();
    }

    /** Starts a new chain. */
    LoopGuard reset() {
        saved = -1;
        power = 1;
        steps = 0;
        return this;
    }

    /** Records a visit to {@code off}; fails if the chain has come back to a node it passed. */
    void visit(Engine e, long off) {
        if (off == saved) {
            throw e.fail(TcError.RHEAD, "the links at offset " + off + " form a loop");
        }
        if (++steps == power) {
            saved = off;
            power <<= 1;
            steps = 0;
        }
    }
}
