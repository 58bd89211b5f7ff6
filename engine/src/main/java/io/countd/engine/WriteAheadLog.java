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
 * <p>No entry of the log crosses a page boundary of the log file (4,096 bytes): a region is
 * logged as several entries where it would, and an entry that would leave fewer bytes in its page
 * than the next entry's header needs covers up to 12 more bytes of the file (their current bytes,
 * which the rollback writes back unchanged or before an older image of them). Linux copies a write
 * into the page cache a page at a time and ends a killed process only between pages, so each entry
 * is written whole or not at all: a kill never leaves a torn entry. This matters to TC, which
 * meets a torn entry by restoring the entries before it and then keeping the header it read
 * before the rollback, whose size may be that of the grown file: it then reads past the end of
 * the cut file and dies of SIGBUS (found by the 10,000-kill crash run, in a whole-file image).
 *
 * <p>Each entry is one write system call, which dominates a large transaction (a few microseconds
 * against a fraction of one for the update itself). Once a transaction has logged as many entries
 * as a pre-image of the whole file takes, the log takes that pre-image and logs nothing more until
 * the transaction ends. The rollback is the same: the whole image goes back first, then the
 * entries logged before it, which hold the older bytes of the regions changed before it was taken.
 * TC reads such a log like any other, and the database file's bytes do not depend on it.
 *
 * <p>Owned by one writer handle; not thread-safe.
 */
final class WriteAheadLog implements AutoCloseable {
    /** Logged size, plus the first entry's offset and size: the shortest log that can be replayed. */
    private static final int MIN_REPLAYABLE = 8 + Header.SIZE;
    /** Offset and size that precede the bytes of an entry. */
    private static final int ENTRY_HEADER = 12;
    /** The unit in which the kernel copies a write into the page cache (and may stop it). */
    static final int PAGE = 4096;
    /** The most bytes of the file one entry holds: a page less the entry's offset and size. */
    private static final int PAGE_DATA = PAGE - ENTRY_HEADER;
    /** Buffer for replaying, read in pieces. */
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
        this.buffer = ByteBuffer.allocateDirect(2 * PAGE).order(order);
    }

    static Path pathFor(Path db) {
        return db.resolveSibling(db.getFileName() + ".wal");
    }

    /** Creates (or empties) the log file of {@code db}. */
    static WriteAheadLog create(Path db, ByteOrder order, boolean sync) throws IOException {
        FileChannel ch = InterruptSafeChannel.openFile(pathFor(db), StandardOpenOption.READ, StandardOpenOption.WRITE,
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
        if (++entries * PAGE_DATA >= end) {
            // As many write calls as the whole image needs: from now on it costs less.
            append(0, end, file);
            whole = true;
        } else {
            append(off, off + size, file);
        }
        if (sync) {
            IoSeam.beforeSync(true);
            channel.force(false);
        }
    }

    /** Appends the current content of {@code [from, to)} as entries that each lie within one page. */
    private void append(long from, long to, DataFile file) throws IOException {
        long start = pos;
        IoSeam.beforeWrite(true, start, entries(start, from, to, null));
        entries(start, from, to, file);
        IoSeam.afterWrite(true, start, pos - start);
    }

    /**
     * Lays out the entries of {@code [from, to)} from log position {@code at} on, writing them
     * when {@code file} is given; returns their length in the log.
     */
    private long entries(long at, long from, long to, DataFile file) throws IOException {
        long start = at;
        while (from < to) {
            int room = PAGE - (int) (at % PAGE);
            // A page left with no room for an entry (only where the file was too small to widen
            // the entry before it) gets one that runs to the end of the next page.
            long n = Math.min(to - from, room > ENTRY_HEADER ? room - ENTRY_HEADER : room + PAGE_DATA);
            long left = from;
            long gap = room - ENTRY_HEADER - n;
            if (gap > 0 && gap <= ENTRY_HEADER) {
                if (from + n + gap <= end) {
                    n += gap;
                } else if (from >= gap) {
                    left -= gap;
                    n += gap;
                }
            }
            if (file != null) {
                ByteBuffer b = buffer.clear();
                b.putLong(0, left).putInt(8, (int) n);
                b.limit(ENTRY_HEADER + (int) n).position(ENTRY_HEADER);
                file.read(left, b);
                b.flip();
                while (b.hasRemaining()) {
                    pos += channel.write(b, pos);
                }
            }
            at += ENTRY_HEADER + n;
            from = left + n;
        }
        return at - start;
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
            wal = InterruptSafeChannel.openFile(pathFor(db), StandardOpenOption.READ);
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
