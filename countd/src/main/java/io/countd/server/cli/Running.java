package io.countd.server.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Keeps a daemon running until SIGTERM or SIGINT, then stops it in order before the JVM exits:
 * the shutdown hook runs the stop, and the main thread waits for it.
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(System.Logger.Level.INFO, name + ": stopping");
            try {
                stop.stop();
                LOG.log(System.Logger.Level.INFO, name + ": stopped cleanly");
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, name + ": error while stopping: " + e.getMessage(), e);
            } finally {
                stopped.countDown();
            }
        }, name + "-shutdown"));
        stopped.await();
        return 0;
    }
}
