package io.countd.server.log;

import java.util.List;
import java.util.OptionalLong;

/**
 * One log of a pool as {@link PoolInspector} found it on disk.
 *
 * @param slot the log's number; its file is {@link #name()} in {@code DIR/logs/}
 * @param state what the mode, the lock link and the holder's lock say together
 * @param mode the file's permission bits (0400, 0200 and 0600 are the pool's; see {@code problems})
 * @param generation the header's generation; 0 when the header is not valid (a fresh log) or was
 *     not readable
 * @param createdMicros when the header's generation began, in microseconds since the epoch; 0
 *     without a valid header
 * @param frames the valid data frames of the header's generation, not counting the seal; 0 for an
 *     {@link State#EMPTY} log, whose frames (if any) were applied already
 * @param records the records in those frames, which are not applied yet; 0 for an empty log
 * @param sealed whether those frames end with the seal
 * @param holderPid the process holding the log, when it holds it and the system says which
 * @param unreadable why the file's content could not be read (then generation, frames and records
 *     are 0), or null
 * @param problems what is wrong with the log, for people: a mode the pool never sets, a lock
 *     link to another file, damage before the seal of a sealed log (a bad frame, a record that does
 *     not decode, seal counts that disagree); empty for a sound log. A torn last frame of a log
 *     still being written, or abandoned while written, is not a problem: it is where the log ends.
 */
public record LogDetails(int slot, State state, int mode, long generation, long createdMicros, long frames,
        long records, boolean sealed, OptionalLong holderPid, String unreadable, List<String> problems) {

    /** A log's state from outside the pool's processes. */
    public enum State {
        /** Free for a writer: mode 0400, no link. */
        EMPTY,
        /** Sealed, waiting for a worker: mode 0200, no link. */
        FULL,
        /** Held by a live process: a writer appending, or a worker applying. */
        HELD,
        /** Looks held (a link, or mode 0600) but its holder died; the pool recovers it when it next meets it. */
        ABANDONED
    }

    public LogDetails {
        problems = List.copyOf(problems);
    }

    /** The log's file name: the slot as 10 digits. */
    public String name() {
        return LogFormat.slotName(slot);
    }
}
