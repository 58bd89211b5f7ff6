package io.countd.engine;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Whether a transaction is open on a handle, and the write-ahead log that holds its pre-images.
 * The log file is created by the first transaction and kept, emptied, between transactions until
 * the handle closes. The engine asks the journal to log every region before it overwrites it;
 * outside a transaction that costs one branch.
 *
 * <p>Owned by one {@link Engine}; writer-only and single-threaded.
 */
final class Journal {
    private final Path db;
    private WriteAheadLog wal;
    private boolean active;

    Journal(Path db) {
        this.db = db;
    }

    /** Whether a transaction is open. */
    boolean active() {
        return active;
    }

    /** Creates the log file unless an earlier transaction of this handle did. */
    void open(ByteOrder order, boolean sync) throws IOException {
        if (wal == null) {
            wal = WriteAheadLog.create(db, order, sync);
        }
    }

    /** Opens a transaction over a file of logical size {@code fsiz} whose header image is {@code header}. */
    void begin(long fsiz, byte[] header) throws IOException {
        wal.begin(fsiz, header);
        active = true;
    }

    /** Logs the pre-image of {@code [off, off+size)} of {@code file} if a transaction is open. */
    void log(long off, long size, DataFile file) throws IOException {
        if (active) {
            wal.log(off, size, file);
        }
    }

    /** The transaction is over (committed or rolled back): nothing more is logged. */
    void end() {
        active = false;
    }

    /** Empties the log: what the transaction wrote stays. */
    void empty() throws IOException {
        wal.commit();
    }

    /** Closes the log file, deleting it unless {@code keep}: a fatal handle leaves it for the next open. */
    void close(boolean keep) throws IOException {
        active = false;
        if (wal != null) {
            WriteAheadLog w = wal;
            wal = null;
            w.close();
            if (!keep) {
                WriteAheadLog.delete(db);
            }
        }
    }
}
