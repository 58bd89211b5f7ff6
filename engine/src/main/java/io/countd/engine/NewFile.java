package io.countd.engine;

import java.nio.file.Path;

/**
 * A database file that the engine writes from scratch, alone and without a handle around it: the
 * temporary file of {@code optimize} and the target of {@code repair}. Created (or emptied) by
 * {@link #create}, filled by {@link #put}, then closed; on a failure the caller abandons it with
 * {@link #closeAfterFailure}, which keeps that failure the one reported.
 *
 * <p>Single-threaded.
 */
final class NewFile {
    private final Engine engine;
    private final Records records;
    private final Records.PutResult result = new Records.PutResult();

    private NewFile(Engine engine) {
        this.engine = engine;
        this.records = new Records(engine);
    }

    /** Creates or empties the file at {@code path}; {@code s} must open a writer with TRUNC. */
    static NewFile create(Path path, Settings s) {
        return new NewFile(Engine.open(path, s));
    }

    /** The file's engine, for what goes beyond records (the header's opaque area). */
    Engine engine() {
        return engine;
    }

    /** Stores a record as {@code put} does. */
    void put(byte[] key, byte[] value) {
        records.put(key, value, Records.Mode.OVERWRITE, result);
    }

    /**
     * Closes the file as a clean writer and flushes it to the device; the file is released even if
     * that fails.
     */
    void close() {
        try {
            engine.closeFile(true);
        } finally {
            engine.unregister();
        }
    }

    /** Releases the file after a failure while filling it, ignoring what closing reports. */
    void closeAfterFailure() {
        try {
            // flushed too: whoever removes or keeps the file, it carries no unsynced mark
            engine.closeFile(true);
        } catch (RuntimeException ignored) {
            // the first failure is the one reported
        } finally {
            engine.unregister();
        }
    }
}
