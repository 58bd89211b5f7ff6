package io.countd.server.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a daemon running until SIGTERM or SIGINT, then stops it in order before the JVM exits:
 * the shutdown hook runs the stop, and the main thread waits for it. The process then exits with
 * code 0 after a clean stop (not the JVM's 143 or 130 for the signal), 1 after a failed one.
 */
final class Running {
    private static final System.Logger LOG = System.getLogger(Running.class.getName());

    /** What a daemon does to stop. */
    @FunctionalInterface
    interface Stop {
        void stop() throws Exception;
    }

    private Running() {
    }

    static int untilSignalled(String name, Stop stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        LOG.log(System.Logger.Level.INFO, name + ": started");
        DaemonLogManager.hold();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(System.Logger.Level.INFO, name + ": stopping");
            int status = 0;
            try {
                stop.stop();
                LOG.log(System.Logger.Level.INFO, name + ": stopped cleanly");
            } catch (Exception e) {
                status = 1;
                LOG.log(System.Logger.Level.ERROR, name + ": error while stopping: " + e.getMessage(), e);
            } finally {
                DaemonLogManager.release();
                stopped.countDown();
            }
            System.out.flush();
            System.err.flush();
            // Everything the daemon owns is closed; the JVM's other hooks have nothing left to do.
            Runtime.getRuntime().halt(status);
        }, name + "-shutdown"));
        stopped.await();
        return 0;
    }
}
