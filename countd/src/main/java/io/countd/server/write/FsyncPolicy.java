package io.countd.server.write;

import java.time.Duration;

/**
 * When an acknowledged message is durable.
 *
 * @param mode the policy
 * @param interval for {@link Mode#INTERVAL}, the time between two {@code fdatasync}s; otherwise zero
 */
public record FsyncPolicy(Mode mode, Duration interval) {
    /** The policies of {@code --fsync}. */
    public enum Mode {
        /** Group commit: a message is acknowledged after an {@code fdatasync} that covers it. */
        ALWAYS,
        /** Acknowledged once written to the operating system; {@code fdatasync} every interval. */
        INTERVAL,
        /** Acknowledged once written to the operating system; the kernel flushes when it likes. */
        NEVER
    }

    public static final FsyncPolicy ALWAYS = new FsyncPolicy(Mode.ALWAYS, Duration.ZERO);
    public static final FsyncPolicy NEVER = new FsyncPolicy(Mode.NEVER, Duration.ZERO);

    /**
     * Parses {@code always}, {@code never} or {@code interval=MS} (MS from 1 to 3,600,000).
     *
     * @throws IllegalArgumentException with a one-line message naming the accepted forms
     */
    public static FsyncPolicy parse(String text) {
        if ("always".equals(text)) {
            return ALWAYS;
        }
        if ("never".equals(text)) {
            return NEVER;
        }
        if (text.startsWith("interval=")) {
            String ms = text.substring("interval=".length());
            if (ms.matches("[0-9]{1,7}")) {
                long millis = Long.parseLong(ms);
                if (millis >= 1 && millis <= 3_600_000) {
                    return new FsyncPolicy(Mode.INTERVAL, Duration.ofMillis(millis));
                }
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not always, never or interval=MS (MS from 1 to 3600000)");
    }

    @Override
    public String toString() {
        return mode == Mode.INTERVAL ? "interval=" + interval.toMillis() : mode.name().toLowerCase(java.util.Locale.ROOT);
    }
}
