package io.countd.server.cli;

import java.util.logging.LogManager;

/**
 * The JDK's log manager, except that it keeps its handlers through JVM shutdown until the daemon
 * has stopped. The JDK resets logging from a shutdown hook of its own, which runs at the same time
 * as the daemon's orderly stop, so the lines that say what the stop did would otherwise be lost.
 * Installed by {@link Launcher} through {@code java.util.logging.manager}.
 */
public final class DaemonLogManager extends LogManager {
    private static volatile DaemonLogManager instance;
    private volatile boolean holding;

    public DaemonLogManager() {
        instance = this;
    }

    @Override
    public void reset() {
        if (!holding) {
            super.reset();
        }
    }

    /** From now on, a reset waits for {@link #release()}. */
    static void hold() {
        DaemonLogManager m = instance;
        if (m != null) {
            m.holding = true;
        }
    }

    /** Lets logging shut down: the daemon has stopped. */
    static void release() {
        DaemonLogManager m = instance;
        if (m != null) {
            m.holding = false;
            m.reset();
        }
    }
}
