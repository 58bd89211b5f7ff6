package io.countd.server.log;

/**
 * One log of the pool as seen on disk.
 *
 * @param slot the log's number (its file name is the number in 10 zero-padded digits)
 * @param state what the mode bits and lock link say
 * @param generation the header's generation; 0 when the header is unreadable
 * @param live for a held log, whether its holder is alive (its byte-range lock is held)
 */
public record LogStatus(int slot, State state, long generation, boolean live) {
    /** The states of the pool's state machine. */
    public enum State {
        EMPTY, FULL, HELD
    }
}
