package io.countd.server.concurrent;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Daemon threads named after the pool they serve, so that thread dumps and profiles say whose
 * they are, and so that a pool left running never keeps the JVM from exiting (its owner shuts it
 * down; a daemon thread is the safety net). Thread-safe.
 */
public final class DaemonThreads implements ThreadFactory {
    private final String name;
    private final boolean numbered;
    private final AtomicInteger next = new AtomicInteger();

    private DaemonThreads(String name, boolean numbered) {
        this.name = name;
        this.numbered = numbered;
    }

    /** Threads named {@code prefix-0}, {@code prefix-1}, ... */
    public static DaemonThreads numbered(String prefix) {
        return new DaemonThreads(prefix, true);
    }

    /** Threads all named {@code name}: for a pool of one. */
    public static DaemonThreads named(String name) {
        return new DaemonThreads(name, false);
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, numbered ? name + "-" + next.getAndIncrement() : name);
        t.setDaemon(true);
        return t;
    }
}
