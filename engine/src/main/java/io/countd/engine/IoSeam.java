package io.countd.engine;

import java.io.IOException;

/**
 * A seam for fault-injection tests: every change the engine makes to a database file or its
 * write-ahead log, and every flush to the device, passes here first. A test installs a
 * {@link Hook} to stop the process at a chosen write (a simulated crash), to fail a write with
 * an I/O error, or to record the writes since the last flush and replay a subset of them (a
 * simulated power loss). Without a hook, which is how the engine always runs outside tests, each
 * call is one read of a static field.
 */
final class IoSeam {
    /** What a test sees and may fail; {@code log} tells the write-ahead log from the database file. */
    interface Hook {
        /** Before {@code len} bytes are written at {@code off}. */
        void beforeWrite(boolean log, long off, long len) throws IOException;

        /** After they were written. */
        default void afterWrite(boolean log, long off, long len) {
        }

        /** Before the file is cut or extended to {@code size} bytes. */
        default void beforeTruncate(boolean log, long size) throws IOException {
        }

        /** Before the file (and, for the database, its map) is flushed to the device. */
        default void beforeSync(boolean log) throws IOException {
        }

        /** After the database's {@link UnsyncedMark} was put on the device ({@code on}) or removed. */
        default void marked(boolean on) {
        }

        /** The id of the running boot, to stand for a restart of the machine; null: the real one. */
        default String bootId() {
            return null;
        }
    }

    /** The installed hook, or null. Tests install it before opening and remove it after closing. */
    static Hook hook;

    private IoSeam() {
    }

    static void beforeWrite(boolean log, long off, long len) throws IOException {
        Hook h = hook;
        if (h != null) {
            h.beforeWrite(log, off, len);
        }
    }

    static void afterWrite(boolean log, long off, long len) {
        Hook h = hook;
        if (h != null) {
            h.afterWrite(log, off, len);
        }
    }

    static void beforeTruncate(boolean log, long size) throws IOException {
        Hook h = hook;
        if (h != null) {
            h.beforeTruncate(log, size);
        }
    }

    static void marked(boolean on) {
        Hook h = hook;
        if (h != null) {
            h.marked(on);
        }
    }

    /** The id of the running boot: the hook's, or the kernel's (see {@link BootId}). */
    static String bootId() {
        Hook h = hook;
        String id = h != null ? h.bootId() : null;
        return id != null ? id : BootId.VALUE;
    }

    static void beforeSync(boolean log) throws IOException {
        Hook h = hook;
        if (h != null) {
            h.beforeSync(log);
        }
    }
}
