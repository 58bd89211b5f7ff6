package io.countd.server.metrics;

import java.util.List;

/**
 * The dashboard's numbers at one moment: cumulative counters (the page derives rates from two
 * samples) and the state of every commit log. A part the process does not run is null.
 *
 * @param time when the sample was taken, in milliseconds since the epoch
 */
public record Stats(long time, Write write, Apply apply, Read read, List<Log> logs) {
    /** The write server's counters. */
    public record Write(long received, long acked, long rejected, long bytes, long connections) {
    }

    /** The workers' counters: logs, increments and distinct key sums applied. */
    public record Apply(long logs, long increments, long keys) {
    }

    /** The ranked-read server's counters. */
    public record Read(long requests, long rows) {
    }

    /** One commit log: its slot, {@code empty}, {@code full} or {@code held}, and whether its holder lives. */
    public record Log(int slot, String state, boolean live) {
    }
}
