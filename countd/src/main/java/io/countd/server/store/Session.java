package io.countd.server.store;

import io.countd.engine.HashDatabase;

/**
 * One open engine handle on a keyspace file, from open to close, shared by the applies and views
 * of this process that use the file meanwhile. While it is open no other process can change the
 * file (a writer holds the exclusive lock, a reader the shared one), so what was read through it
 * stays true until it closes.
 */
final class Session {
    final HashDatabase db;
    final boolean writer;
    final EngineNodes nodes;
    /** When the handle opened ({@link System#nanoTime()}): it lingers a while after that. */
    final long openedAt = System.nanoTime();
    /** Applies and views using the handle; guarded by the {@link KeyspaceFile}'s lock. */
    int users;
    /** Whether the store's closer will look at the handle when its while is up; guarded as {@link #users}. */
    boolean closeScheduled;
    /** Set once the handle is closed; a view still holding the session then refuses to read. */
    volatile boolean closed;
    /**
     * Whether the keyspace's snapshot has been checked against this handle's meta; written under
     * the {@link Keyspace}'s monitor, read without it by views that must not wait.
     */
    volatile boolean validated;

    Session(HashDatabase db, boolean writer, EngineNodes nodes) {
        this.db = db;
        this.writer = writer;
        this.nodes = nodes;
    }
}
