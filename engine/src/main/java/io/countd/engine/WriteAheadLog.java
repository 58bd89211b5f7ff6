package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * TC's write-ahead log, {@code <db>.wal}: the logical file size at transaction begin, then the
 * pre-image of every region a transaction overwrites (offset, size, original bytes, integers in
 * the database's byte order), regions clipped to the size at begin. Rolling back writes the
 * pre-images back, last first, so the earliest image of each byte wins, and cuts the file to its
 * size at begin.
 *
 * <p>Owned by one writer handle; not thread-safe.
 */
final class WriteAheadLog implements AutoCloseable {
    /** Logged size, plus the first entry's offset and size: the shortest log that can be replayed. */
    private static final int MIN_REPLAYABLE = 8 + Header.SIZE;

    private final FileChannel channel;
    private final ByteOrder order;
    private final boolean sync;
    private long end;
    private long pos;

    private WriteAheadLog(FileChannel channel, ByteOrder order, boolean sync) {
        this.channel = channel;
        this.order = order;
        this.sync = sync;
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
        if (size < 1) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(12 + (int) size).order(order);
        b.putLong(0, off).putInt(8, (int) size);
        b.position(12);
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
            ByteBuffer all = ByteBuffer.allocate((int) Math.min(size, Integer.MAX_VALUE - 8));
            readFully(wal, all);
            ByteOrder order = detectOrder(all);
            all.order(order);
            long fsiz = all.getLong(0);
            List<long[]> entries = new ArrayList<>();
            int p = 8;
            while (p + 12 <= all.limit()) {
                long off = all.getLong(p);
                long len = Integer.toUnsignedLong(all.getInt(p + 8));
                if (p + 12 + len > all.limit()) {
                    break;
                }
                boolean first = entries.isEmpty();
                if (fsiz < Header.SIZE || (first ? off != 0 || len != Header.SIZE : off < 0 || off + len > fsiz)) {
                    throw new TcException(TcError.META, "damaged write-ahead log " + pathFor(db) + ": entry at byte "
                            + p + " covers [" + off + ", " + (off + len) + "), logged file size " + fsiz);
                }
                entries.add(new long[] {off, p + 12, len});
                p += 12 + (int) len;
            }
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (i == 0 && sync) {
                    // The header goes back last, with the OPEN flag clear: only once every other
                    // pre-image is on the device may a power failure find the file marked clean.
                    IoSeam.beforeSync(false);
                    target.force(false);
                }
                long[] e = entries.get(i);
                ByteBuffer data = all.duplicate();
                data.limit((int) (e[1] + e[2])).position((int) e[1]);
                long off = e[0];
                IoSeam.beforeWrite(false, off, data.remaining());
                while (data.hasRemaining()) {
                    off += target.write(data, off);
                }
                IoSeam.afterWrite(false, e[0], e[2]);
            }
            if (sync) {
                IoSeam.beforeSync(false);
                target.force(false);
            }
            return fsiz;
        }
    }

    /** Reads from the start of {@code ch} until {@code dst} is full or the file ends, then flips it. */
    private static void readFully(FileChannel ch, ByteBuffer dst) throws IOException {
        long pos = 0;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                break;
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
