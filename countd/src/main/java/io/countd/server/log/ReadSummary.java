package io.countd.server.log;

/**
 * The outcome of reading a log: how many frames and records were visited and, when the log is
 * damaged, what stopped the reading.
 *
 * @param damage null for an intact log; otherwise a one-line description of the bad frame (its
 *     offset and what is wrong), after which nothing was visited
 */
public record ReadSummary(long frames, long records, String damage) {
    public boolean intact() {
        return damage == null;
    }
}
