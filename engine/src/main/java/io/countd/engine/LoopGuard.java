package io.countd.engine;

/**
 * Detects a cycle in a chain of links (a corrupt tree whose links lead back to an ancestor) with
 * Brent's algorithm: constant memory, a comparison per step, and a cycle is caught within a few
 * times its length. Without it a damaged file would hang a lookup forever. What a cycle means is
 * the caller's to say ({@link Engine#visit}).
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

    /** Records a visit to {@code off}; false if the chain has come back to a node it passed. */
    boolean visit(long off) {
        if (off == saved) {
            return false;
        }
        if (++steps == power) {
            saved = off;
            power <<= 1;
            steps = 0;
        }
        return true;
    }
}
