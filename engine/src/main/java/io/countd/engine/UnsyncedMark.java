package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The side file {@code <path>.unsynced} that tells, after a power failure, a database file that
 * may be damaged without any sign from one that is whole. The format has no checksums: a record
 * written after the last flush to the device can come back half there, and the trees that lead
 * to records nobody touched can come back pointing at garbage. So before the first change after a
 * flush the writer creates this file, holding the id of the running boot, and flushes it and its
 * folder; after the next flush of the database it removes it. A file found with a mark from
 * another boot was being changed when its machine stopped, and opening it fails with
 * {@link TcError#META} unless the caller accepts that risk. A mark from the running boot is left by
 * a process that died: the kernel still holds every write it made, so the file is as the crash
 * tests check it and opens normally.
 *
 * <p>Three kinds of writes need no mark, since a power failure cannot make them lie:
 * the bookkeeping of a writer's open and close when nothing changed since the last flush (the
 * OPEN flag and the pool region, which the open procedure and the crash repair pass already treat
 * as possibly stale), and the writes of a transaction with TSYNC, which its flushed log undoes.
 * The owner says when such writes run ({@link #cover}, {@link #uncover}).
 *
 * <p>Owned by one {@link Engine}; not thread-safe (the engine changes it under its write lock).
 */
final class UnsyncedMark {
    /**
     * No change since the last flush; the mark is on disk; the writes that follow need none; a
     * reader's, which never writes; or a writer's that may not create files in the folder.
     */
    private enum State { CLEAN, MARKED, COVERED, READ_ONLY, UNMARKABLE }


    private static final String SUFFIX = ".unsynced";
    /** The mark's content: the boot id and a newline; a mark without its newline was never in force. */
    private static final int MAX_CONTENT = 256;

    private final Path file;
    private State state;
    /** Set when the open found a mark of another boot and was told to accept it. */
    private final boolean foreign;

    private UnsyncedMark(Path file, State state, boolean foreign) {
        this.file = file;
        this.state = state;
        this.foreign = foreign;
    }

    /** The mark's path beside {@code db}. */
    static Path pathFor(Path db) {
        return db.resolveSibling(db.getFileName() + SUFFIX);
    }

    /**
     * Reads the mark of {@code db} at open. A reader gets a mark that never writes.
     *
     * @param accept whether to open a file marked by another boot
     * @throws TcException {@link TcError#META} for a file marked by another boot, unless accepted;
     *     {@link TcError#READ} if the mark cannot be read
     */
    static UnsyncedMark open(Path db, boolean writer, boolean accept) {
        Path file = pathFor(db);
        String found = read(file);
        boolean marked = found != null;
        boolean foreign = marked && !found.equals(IoSeam.bootId());
        if (foreign && !accept) {
            throw new TcException(TcError.META, db + " was being changed without a sync when its machine stopped"
                    + " (the mark " + file.getFileName() + " is from another boot): records written before may be"
                    + " lost or wrong without any sign; check it with verify or save it with repair");
        }
        if (!writer) {
            return new UnsyncedMark(file, State.READ_ONLY, foreign);
        }
        UnsyncedMark m = new UnsyncedMark(file, State.CLEAN, foreign);
        if (foreign) {
            // From now on the risk is this boot's: a later crash of this process must not hide it.
            try {
                m.write();
            } catch (IOException e) {
                throw new TcException(TcError.WRITE, file + ": " + e.getMessage(), e);
            }
        } else if (marked) {
            m.state = State.MARKED;
        }
        return m;
    }

    /** The boot id in a mark, or null when there is none in force. */
    private static String read(Path file) {
        byte[] content;
        try (FileChannel ch = InterruptSafeChannel.openFile(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(MAX_CONTENT);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // a mark is one short line
            }
            content = java.util.Arrays.copyOf(b.array(), b.position());
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new TcException(TcError.READ, file + ": " + e.getMessage(), e);
        }
        String s = new String(content, StandardCharsets.US_ASCII);
        int nl = s.indexOf('\n');
        return nl < 0 ? null : s.substring(0, nl);
    }

    /** Whether the open found, and accepted, a mark of another boot: the content may be wrong. */
    boolean foreign() {
        return foreign;
    }

    /** Called before every change to the database file: marks it first if it is clean. */
    void beforeChange() throws IOException {
        // one compare on every write: the mark is written once per flush interval
        if (state == State.CLEAN) {
            write();
        }
    }

    /**
     * Puts the mark on the device; a failure is the database write's failure. Where the folder
     * forbids creating the mark (a writable file in a folder of someone else's), the change goes
     * ahead unmarked, as TC's would, with a warning: refusing it would refuse what TC allows.
     */
    private void write() throws IOException {
        FileChannel ch;
        try {
            ch = InterruptSafeChannel.openFile(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (AccessDeniedException e) {
            state = State.UNMARKABLE;
            System.getLogger(UnsyncedMark.class.getName()).log(
                    System.Logger.Level.WARNING, "cannot create {0} (no permission): a power failure while this"
                    + " file holds changes not yet synced may damage it without a sign", file);
            return;
        }
        try (ch) {
            ByteBuffer b = ByteBuffer.wrap((IoSeam.bootId() + "\n").getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        try (FileChannel dir = InterruptSafeChannel.openFile(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
        state = State.MARKED;
        IoSeam.marked(true);
    }

    /**
     * The database file and its map were flushed to the device: removes the mark. The removal is
     * not flushed; if a power failure undoes it, the file is refused though whole, the safe side.
     */
    void synced() {
        if (state == State.MARKED) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new TcException(TcError.UNLINK, file + ": " + e.getMessage(), e);
            }
            IoSeam.marked(false);
            state = State.CLEAN;
        }
    }

    /**
     * The writes that follow need no mark, if the file is clean: bookkeeping, or a TSYNC
     * transaction once its begin flushed the file.
     */
    void cover() {
        if (state == State.CLEAN) {
            state = State.COVERED;
        }
    }

    /**
     * Ends a {@link #cover}: writes mark the file again. The covered writes left it clean: they
     * were bookkeeping, or a TSYNC transaction whose commit or rollback flushed the file.
     */
    void uncover() {
        if (state == State.COVERED) {
            state = State.CLEAN;
        }
    }
}
