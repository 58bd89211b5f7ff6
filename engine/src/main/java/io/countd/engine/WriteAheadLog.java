package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * TC's write-ahead log, {@code <db>.wal}: the logical file size at transaction begin, then the
 * pre-image of every region a transaction overwrites (offset, size, original bytes, integers in
 * the database's byte order), regions clipped to the size at begin. Rolling back writes the
 * pre-images back, last first, so the earliest image of each byte wins, and cuts the file to its
 * size at begin.
 *
 * <p>Each entry is one write system call, which dominates a large transaction (a few microseconds
 * against a fraction of one for the update itself). Once a transaction has logged so many entries
 * that copying the whole file would have cost less, the log takes a pre-image of the whole file,
 * in entries of at most {@link #MAX_ENTRY} bytes, and logs nothing more until the transaction
 * ends. The rollback is the same: the whole image goes back first, then the entries logged before
 * it, which hold the older bytes of the regions changed before it was taken. TC reads such a log
 * like any other, and the database file's bytes do not depend on it.
 *
 * <p>Owned by one writer handle; not thread-safe.
 */
final class WriteAheadLog implements AutoCloseable {
    /** Logged size, plus the first entry's offset and size: the shortest log that can be replayed. */
    private static final int MIN_REPLAYABLE = 8 + Header.SIZE;
    /** Offset and size that precede the bytes of an entry. */
    private static final int ENTRY_HEADER = 12;
    /** The bytes of file copied in the time one entry's write call takes, roughly. */
    private static final long WHOLE_IMAGE_BYTES_PER_ENTRY = 16 << 10;
    /** Largest entry of a whole-file image: TC's entry sizes are 32-bit. */
    static final long MAX_ENTRY = 1L << 30;
    /** Buffer for entries and for replaying, reused; larger entries get a temporary one. */
    private static final int BUFFER = 64 << 10;

    private final FileChannel channel;
    private final ByteOrder order;
    private final boolean sync;
    private final ByteBuffer buffer;
    private long end;
    private long pos;
    private long entries;
    /** Whether every byte below {@link #end} is logged already. */
    private boolean whole;

    private WriteAheadLog(FileChannel channel, ByteOrder order, boolean sync) {
        this.channel = channel;
        this.order = order;
        this.sync = sync;
        this.buffer = ByteBuffer.allocateDirect(BUFFER).order(order);
    }

    static Path pathFor(Path db) {
        return db.resolveSibling(db.getFileName() + ".wal");
    }

    /** Creates (or empties) the log file of {@code db}. */
    static WriteAheadLog create(Path db, ByteOrder order, boolean sync) throws IOException {
        FileChannel ch = FileChannel.open(pathFor(db), StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        return new WriteAheadLog(ch, order, sync);
    }

    /**
     * Starts a transaction over a file of logical size {@code fsiz}: records it and the header
     * image {@code header}, which TC takes with the OPEN flag clear.
     */
    void begin(long fsiz, byte[] header) throws IOException {
        IoSeam.beforeTruncate(true, 0);
        channel.truncate(0);
        pos = 0;
        ByteBuffer b = ByteBuffer.allocate(8).order(order).putLong(0, fsiz);
        IoSeam.beforeWrite(true, 0, 8);
        pos += channel.write(b, pos);
        IoSeam.afterWrite(true, 0, 8);
        end = fsiz;
        entries = 0;
        whole = false;
        ByteBuffer entry = ByteBuffer.allocate(12 + Header.SIZE).order(order);
        entry.putLong(0, 0).putInt(8, Header.SIZE).put(12, header);
        IoSeam.beforeWrite(true, pos, entry.capacity());
        long start = pos;
        while (entry.hasRemaining()) {
            pos += channel.write(entry, pos);
        }
        IoSeam.afterWrite(true, start, pos - start);
        if (sync) {
            IoSeam.beforeSync(true);
            channel.force(false);
        }
    }

    /** Records the current content of {@code [off, off+size)} before it is overwritten. */
    void log(long off, long size, DataFile file) throws IOException {
        if (off + size > end) {
            size = end - off;
        }
        if (size < 1 || whole) {
            return;
        }
        if (++entries * WHOLE_IMAGE_BYTES_PER_ENTRY >= end) {
            logWholeFile(file);
            return;
        }
        ByteBuffer b = size <= BUFFER - ENTRY_HEADER ? buffer.clear()
                : ByteBuffer.allocate(ENTRY_HEADER + (int) size).order(order);
        b.putLong(0, off).putInt(8, (int) size);
        b.limit(ENTRY_HEADER + (int) size).position(ENTRY_HEADER);
        file.read(off, b);
        b.flip();
        long start = pos;
        IoSeam.beforeWrite(true, start, b.remaining());
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
        IoSeam.afterWrite(true, start, pos - start);
        if (sync) {
            IoSeam.beforeSync(true);
            channel.force(false);
        }
    }

    /** Logs the pre-image of the whole file below {@link #end}, after which nothing needs logging. */
    private void logWholeFile(DataFile file) throws IOException {
        for (long at = 0; at < end; at += MAX_ENTRY) {
            long len = Math.min(MAX_ENTRY, end - at);
            long start = pos;
            IoSeam.beforeWrite(true, start, ENTRY_HEADER + len);
            ByteBuffer head = buffer.clear().putLong(0, at).putInt(8, (int) len).limit(ENTRY_HEADER);
            while (head.hasRemaining()) {
                pos += channel.write(head, pos);
            }
            file.copyTo(at, len, channel, pos, buffer);
            pos += len;
            IoSeam.afterWrite(true, start, pos - start);
        }
        whole = true;
        if (sync) {
            IoSeam.beforeSync(true);
            channel.force(false);
        }
    }

    /** Makes the log empty: the transaction's changes stay. */
    void commit() throws IOException {
        IoSeam.beforeTruncate(true, 0);
        channel.truncate(0);
        pos = 0;
        if (sync) {
            // A log that outlives a power failure would roll the committed transaction back.
            IoSeam.beforeSync(true);
            channel.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static void delete(Path db) throws IOException {
        Files.deleteIfExists(pathFor(db));
    }

    /**
     * Rolls {@code target} back from the log of {@code db} and cuts it to the logged size (see
     * {@link #replay}).
     *
     * @return whether a rollback was performed (the caller then re-reads the header and deletes the log)
     */
    static boolean restore(Path db, FileChannel target, boolean sync) throws IOException {
        long size = replay(db, target, sync);
        if (size < 0) {
            return false;
        }
        IoSeam.beforeTruncate(false, size);
        target.truncate(size);
        if (sync) {
            IoSeam.beforeSync(false);
            target.force(true);
        }
        return true;
    }

    /**
     * Writes the pre-images of the log of {@code db} back into {@code target}, if the log exists and
     * holds at least a complete size and header entry. Complete entries are applied, last first; a
     * torn final entry (a crash while logging it) is ignored, since the region it would cover was
     * not yet written.
     *
     * @return the file size logged at transaction begin, to which the caller must cut the file, or
     *     -1 if there was nothing to replay
     */
    static long replay(Path db, FileChannel target, boolean sync) throws IOException {
        FileChannel wal;
        try {
            wal = FileChannel.open(pathFor(db), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return -1;
        }
        try (wal) {
            long size = wal.size();
            if (size < MIN_REPLAYABLE) {
                return -1;
            }
            ByteBuffer head = ByteBuffer.allocate(8 + ENTRY_HEADER);
            readFully(wal, head, 0);
            ByteOrder order = detectOrder(head);
            head.order(order);
            long fsiz = head.getLong(0);
            // Entries are located first (offset in the database, position of the bytes in the
            // log, length), then applied last first; the log is read in pieces, never whole.
            long[] entries = new long[3 * 64];
            int count = 0;
            ByteBuffer entryHeader = ByteBuffer.allocate(ENTRY_HEADER).order(order);
            long p = 8;
            while (p + ENTRY_HEADER <= size) {
                readFully(wal, entryHeader.clear(), p);
                long off = entryHeader.getLong(0);
                long len = Integer.toUnsignedLong(entryHeader.getInt(8));
                if (p + ENTRY_HEADER + len > size) {
                    break;
                }
                boolean first = count == 0;
                if (fsiz < Header.SIZE || (first ? off != 0 || len != Header.SIZE : off < 0 || off + len > fsiz)) {
                    throw new TcException(TcError.META, "damaged write-ahead log " + pathFor(db) + ": entry at byte "
                            + p + " covers [" + off + ", " + (off + len) + "), logged file size " + fsiz);
                }
                if (3 * count == entries.length) {
                    entries = java.util.Arrays.copyOf(entries, entries.length * 2);
                }
                entries[3 * count] = off;
                entries[3 * count + 1] = p + ENTRY_HEADER;
                entries[3 * count + 2] = len;
                count++;
                p += ENTRY_HEADER + len;
            }
            ByteBuffer piece = ByteBuffer.allocate(BUFFER);
            for (int i = count - 1; i >= 0; i--) {
                if (i == 0 && sync) {
                    // The header goes back last, with the OPEN flag clear: only once every other
                    // pre-image is on the device may a power failure find the file marked clean.
                    IoSeam.beforeSync(false);
                    target.force(false);
                }
                long off = entries[3 * i];
                long from = entries[3 * i + 1];
                long len = entries[3 * i + 2];
                IoSeam.beforeWrite(false, off, len);
                for (long done = 0; done < len;) {
                    int n = (int) Math.min(piece.capacity(), len - done);
                    readFully(wal, piece.clear().limit(n), from + done);
                    while (piece.hasRemaining()) {
                        target.write(piece, off + done + piece.position());
                    }
                    done += n;
                }
                IoSeam.afterWrite(false, off, len);
            }
            if (sync) {
                IoSeam.beforeSync(false);
                target.force(false);
            }
            return fsiz;
        }
    }

    /** Fills {@code dst} from {@code ch} at {@code pos}, then flips it; the caller checked the size. */
    private static void readFully(FileChannel ch, ByteBuffer dst, long pos) throws IOException {
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                throw new java.io.EOFException("write-ahead log shorter than it was a moment ago");
            }
            pos += n;
        }
        dst.flip();
    }

    /** The first entry always covers the 256-byte header, which tells the log's byte order. */
    private static ByteOrder detectOrder(ByteBuffer log) {
        return log.order(ByteOrder.LITTLE_ENDIAN).getInt(16) == Header.SIZE ? ByteOrder.LITTLE_ENDIAN
                : ByteOrder.BIG_ENDIAN;
    }
}
