package io.countd.engine;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The database file as the engine sees it: a file channel plus a memory map of its first bytes,
 * with positional reads and writes that go through the map where it covers the range and through
 * {@code pread}/{@code pwrite} elsewhere, as the C library does with its "extra mapped memory".
 *
 * <p>The map is never larger than the file (an access past the end of a mapped file is fatal to
 * the process), so a writer grows the file and the map together, geometrically, up to its
 * capacity; the map is kept in chunks of 1 GiB because one Java buffer cannot exceed 2 GiB.
 * A capacity of 0 maps nothing at all: every access is then one positional read or write, and a
 * file that another process cut shows as a read that ends early ({@link ShortFileException})
 * instead of a fault. Multi-byte accessors use the file's byte order.
 *
 * <p>Beyond its capacity a mapped writer keeps one more map, the <em>tail window</em>: a write
 * that extends the data past the capacity maps the window's region (usually {@value #WINDOW}
 * bytes) from its start (after writing zeros to the part of it past the data, so that the file
 * holds real blocks there and a full disk fails that write instead of faulting a later store) and
 * goes into it, as do the accesses that follow it there. Appends to a large file are then stores,
 * not one {@code pwrite} each; the window moves on with the appends, and what it leaves behind is unmapped, so it adds
 * at most its own size to the process's resident memory. Other accesses beyond the capacity stay
 * positional. The bytes written are the same either way.
 *
 * <p>Reads past the capacity are positional too, except where a thread walks through the file in
 * order, as a scan of records written in key order does: after {@value #STREAK} reads in a row
 * that each went on from the furthest before it by at most a sixteenth of a window (reads behind
 * it, such as a look at an older record of the same bucket, neither count nor break the run), that
 * thread maps a window of the same size, read-only, from its read onwards, no further than the
 * data's end, and moves it on as its reads leave it. Each thread's <em>read window</em> is its own: only
 * it moves or reads it, and a truncation or close, which run alone, unmaps them all. Reads through
 * it are copies, never views, so nothing outlives a move.
 *
 * <p>Accesses outside the map of up to 8 KiB go through a per-thread direct buffer, which the
 * channel reads into and writes from without a copy of its own, so they allocate nothing; larger
 * ones wrap the caller's array.
 *
 * <p>Not thread-safe for growth, truncation or writes (which may move the window); concurrent
 * reads of a stable file are safe. The engine calls mutating methods only under its handle's write
 * lock.
 */
final class DataFile implements AutoCloseable {
    private static final int CHUNK_SHIFT = 30;
    private static final long CHUNK_SIZE = 1L << CHUNK_SHIFT;
    private static final long CHUNK_MASK = CHUNK_SIZE - 1;
    /** Growth beyond the write's end, as TC does, so small appends do not remap each time. */
    private static final long GROW_SLACK = 32768;
    private static final long PAGE = 4096;
    /** Accesses up to this size go through the thread's buffer; larger ones wrap the caller's array. */
    private static final int IO_BUFFER = 8192;
    /**
     * Shared by every file, since a handle's readers are arbitrary threads: one buffer per thread
     * for the life of the thread, not one per thread and handle.
     */
    private static final ThreadLocal<ByteBuffer> IO_BUFFERS = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(IO_BUFFER));
    /** The tail window's usual size: a few remaps per 100 MB appended, and little resident memory. */
    static final long WINDOW = 8L << 20;
    /** Reads in a row, each onward from the furthest by at most a stride, that map a read window. */
    static final int STREAK = 8;
    /** What the zeros that prepare a window are written from; never written to. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 16).asReadOnlyBuffer();

    /** A read found the file ending before the range the engine read, which lay inside its logical size. */
    static final class ShortFileException extends EOFException {
        private static final long serialVersionUID = 1L;

        ShortFileException(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final ByteOrder order;
    private final boolean writable;
    private final long mapCapacity;
    private final long windowSize;
    private final UnsyncedMark mark;
    private ByteBuffer[] chunks = new ByteBuffer[0];
    private long mapped;
    /** The tail window, which lies past the capacity when mapped. */
    private final Window tail = new Window();
    /**
     * The end of the bytes the file holds as far as this handle knows: its length at open, then the
     * furthest write's end, then a truncation's size. The zeros a window is prepared with lie past it.
     */
    private long dataEnd;
    /** The calling thread's read window; null where nothing is mapped. */
    private final ThreadLocal<ReadWindow> readWindows;
    /** Every thread's read window, for those that unmap them all; guarded by itself. */
    private final List<ReadWindow> allReadWindows = new ArrayList<>();

    /** A map of {@code [start, end)}, or of nothing (both then {@link Long#MAX_VALUE}). */
    private static class Window {
        ByteBuffer buffer;
        long start = Long.MAX_VALUE;
        long end = Long.MAX_VALUE;

        boolean covers(long pos, int len) {
            return pos >= start && pos + len <= end;
        }

        /** Whether it maps bytes at or past {@code size}. */
        boolean reachesPast(long size) {
            return buffer != null && end > size;
        }

        void map(FileChannel channel, FileChannel.MapMode mode, long from, long to, ByteOrder order)
                throws IOException {
            unmap();
            buffer = Unmapper.map(channel, mode, from, to - from).order(order);
            start = from;
            end = to;
        }

        void unmap() {
            ByteBuffer b = buffer;
            buffer = null;
            start = Long.MAX_VALUE;
            end = Long.MAX_VALUE;
            Unmapper.unmap(b);
        }
    }

    /** One thread's map of the stretch of file its reads walk through in order; see the class comment. */
    private static final class ReadWindow extends Window {
        /** The end of the furthest read past the capacity so far. */
        long frontier;
        int streak;
    }

    /**
     * @param mapCapacity the most this file maps, 0 for nothing; a reader also never maps past the
     *     file's end
     * @param windowSize the size of the tail and read windows, a multiple of the page size
     * @param mark told before every change, which it may have to precede; flushes go through the owner
     */
    DataFile(FileChannel channel, ByteOrder order, boolean writable, long mapCapacity, long windowSize,
            UnsyncedMark mark) throws IOException {
        this.channel = channel;
        this.mark = mark;
        this.order = order;
        this.writable = writable;
        this.mapCapacity = mapCapacity;
        this.windowSize = windowSize;
        this.dataEnd = channel.size();
        this.readWindows = mapCapacity > 0 ? new ThreadLocal<>() : null;
        remap(Math.min(mapCapacity, dataEnd));
    }

    /** Whether this file maps nothing, doing every access through the channel. */
    boolean unmapped() {
        return mapCapacity == 0;
    }

    FileChannel channel() {
        return channel;
    }

    /** Whether {@code [pos, pos+len)} lies within one mapped chunk or within the tail window. */
    boolean inMap(long pos, int len) {
        long end = pos + len;
        if (end <= mapped) {
            return (pos >>> CHUNK_SHIFT) == ((end - 1) >>> CHUNK_SHIFT);
        }
        return tail.covers(pos, len);
    }

    /** The mapped buffer holding {@code pos}; only valid where {@link #inMap} holds. */
    ByteBuffer chunk(long pos) {
        return pos < tail.start ? chunks[(int) (pos >>> CHUNK_SHIFT)] : tail.buffer;
    }

    /** The index of {@code pos} within {@link #chunk}'s buffer; only valid where {@link #inMap} holds. */
    int index(long pos) {
        return pos < tail.start ? (int) (pos & CHUNK_MASK) : (int) (pos - tail.start);
    }

    int getInt(long pos) throws IOException {
        if (inMap(pos, 4)) {
            return chunk(pos).getInt(index(pos));
        }
        return readSmall(pos, 4).getInt(0);
    }

    long getLong(long pos) throws IOException {
        if (inMap(pos, 8)) {
            return chunk(pos).getLong(index(pos));
        }
        return readSmall(pos, 8).getLong(0);
    }

    private ByteBuffer readSmall(long pos, int len) throws IOException {
        ByteBuffer b = ioBuffer(len);
        readFully(pos, b);
        return b;
    }

    /** The calling thread's buffer, in this file's order, cleared and limited to {@code len} bytes. */
    private ByteBuffer ioBuffer(int len) {
        ByteBuffer b = IO_BUFFERS.get();
        b.order(order).clear().limit(len);
        return b;
    }

    void putInt(long pos, int value) throws IOException {
        mark.beforeChange();
        IoSeam.beforeWrite(false, pos, 4);
        if (mapForWrite(pos, 4)) {
            chunk(pos).putInt(index(pos), value);
        } else {
            writeFully(pos, ioBuffer(4).putInt(0, value));
        }
        IoSeam.afterWrite(false, pos, 4);
    }

    /**
     * As {@link #putInt}, but as one store of the aligned 8 bytes around it when they lie within
     * one mapped chunk: a process killed at any moment leaves the old 4 bytes or the new ones. An
     * unaligned 4-byte store is one instruction once the JIT has compiled it, but the JDK's
     * interpreted path makes it byte by byte (or two halves), so a field of a block that the walk
     * or the trees read must not be written so. Where the 4 bytes cross an aligned 8-byte word, or
     * the map does not cover it, this is {@link #putInt}.
     */
    void putIntWhole(long pos, int value) throws IOException {
        long word = pos & ~7L;
        if (pos + 4 > word + 8 || !inMap(word, 8)) {
            putInt(pos, value);
            return;
        }
        mark.beforeChange();
        IoSeam.beforeWrite(false, pos, 4);
        ByteBuffer c = chunk(word);
        int at = index(word);
        // The int's place within the word as the chunk, in this file's order, reads it: spliced in
        // registers, since a thread-local buffer's lookup cost as much as the rest of the write.
        int byteInWord = (int) (pos - word);
        int shift = order == ByteOrder.LITTLE_ENDIAN ? 8 * byteInWord : 32 - 8 * byteInWord;
        long mask = 0xFFFF_FFFFL << shift;
        c.putLong(at, (c.getLong(at) & ~mask) | ((value & 0xFFFF_FFFFL) << shift));
        IoSeam.afterWrite(false, pos, 4);
    }

    void putLong(long pos, long value) throws IOException {
        mark.beforeChange();
        IoSeam.beforeWrite(false, pos, 8);
        if (mapForWrite(pos, 8)) {
            chunk(pos).putLong(index(pos), value);
        } else {
            writeFully(pos, ioBuffer(8).putLong(0, value));
        }
        IoSeam.afterWrite(false, pos, 8);
    }

    void putByte(long pos, int value) throws IOException {
        mark.beforeChange();
        IoSeam.beforeWrite(false, pos, 1);
        if (mapForWrite(pos, 1)) {
            chunk(pos).put(index(pos), (byte) value);
        } else {
            writeFully(pos, ioBuffer(1).put(0, (byte) value));
        }
        IoSeam.afterWrite(false, pos, 1);
    }

    /** Reads exactly {@code len} bytes at {@code pos}; fails with {@link ShortFileException} past the end. */
    void read(long pos, byte[] dst, int off, int len) throws IOException {
        if (inMap(pos, len)) {
            chunk(pos).get(index(pos), dst, off, len);
        } else if (len > IO_BUFFER) {
            readFully(pos, ByteBuffer.wrap(dst, off, len));
        } else if (len > 0) {
            ByteBuffer b = ioBuffer(len);
            readFully(pos, b);
            b.get(0, dst, off, len);
        }
    }

    /** Reads exactly {@code dst.remaining()} bytes at {@code pos} into {@code dst}. */
    void read(long pos, ByteBuffer dst) throws IOException {
        int len = dst.remaining();
        if (inMap(pos, len)) {
            ByteBuffer src = chunk(pos);
            dst.put(dst.position(), src, index(pos), len);
            dst.position(dst.position() + len);
        } else {
            readFully(pos, dst);
        }
    }

    private void readFully(long pos, ByteBuffer dst) throws IOException {
        int len = dst.remaining();
        ReadWindow w = readWindows != null && len <= windowSize / 2 ? readWindow(pos, len) : null;
        if (w != null) {
            dst.put(dst.position(), w.buffer, (int) (pos - w.start), len);
            dst.position(dst.position() + len);
            return;
        }
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw new ShortFileException("read past the end of the file at offset " + pos);
            }
            pos += n;
        }
    }

    /**
     * The calling thread's read window if it covers {@code [pos, pos+len)}, having mapped or moved
     * it if this read continues a walk in order; null if the read is to be positional.
     */
    private ReadWindow readWindow(long pos, int len) throws IOException {
        ReadWindow w = readWindows.get();
        if (w == null) {
            w = new ReadWindow();
            readWindows.set(w);
            synchronized (allReadWindows) {
                allReadWindows.add(w);
            }
        }
        long end = pos + len;
        if (w.covers(pos, len)) {
            w.frontier = Math.max(w.frontier, end);
            return w;
        }
        if (pos < w.frontier) {
            return null;
        }
        boolean onward = pos - w.frontier <= windowSize / 16;
        w.frontier = end;
        if (!onward) {
            w.streak = 0;
            return null;
        }
        long start = pos & -PAGE;
        long stop = Math.min(start + windowSize, dataEnd);
        if (++w.streak < STREAK || stop < end) {
            return null;
        }
        w.map(channel, FileChannel.MapMode.READ_ONLY, start, stop, order);
        return w;
    }

    /** Unmaps every thread's read window; only while no other thread uses this file. */
    private void unmapReadWindows() {
        synchronized (allReadWindows) {
            for (ReadWindow w : allReadWindows) {
                w.unmap();
            }
        }
    }

    /** Where the calling thread's read window starts, {@link Long#MAX_VALUE} if it has none; for tests. */
    long readWindowStart() {
        ReadWindow w = readWindows != null ? readWindows.get() : null;
        return w != null ? w.start : Long.MAX_VALUE;
    }

    /** Writes {@code len} bytes at {@code pos}, growing the file (and map) as needed. */
    void write(long pos, byte[] src, int off, int len) throws IOException {
        mark.beforeChange();
        IoSeam.beforeWrite(false, pos, len);
        if (mapForWrite(pos, len)) {
            chunk(pos).put(index(pos), src, off, len);
        } else if (len > IO_BUFFER) {
            writeFully(pos, ByteBuffer.wrap(src, off, len));
        } else if (len > 0) {
            writeFully(pos, ioBuffer(len).put(0, src, off, len));
        }
        IoSeam.afterWrite(false, pos, len);
    }

    private void writeFully(long pos, ByteBuffer src) throws IOException {
        dataEnd = Math.max(dataEnd, writeAll(pos, src));
    }

    /** Writes all of {@code src} at {@code pos}; answers where the written bytes end. */
    private long writeAll(long pos, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            pos += channel.write(src, pos);
        }
        return pos;
    }

    /**
     * Makes the map cover a write of {@code [pos, pos+len)} where it may: grows the map up to its
     * capacity, or moves the tail window to a write that extends the data past it. Answers whether
     * the write goes into a map; the data then ends no earlier than the write.
     */
    private boolean mapForWrite(long pos, int len) throws IOException {
        long end = pos + len;
        ensureMapped(end);
        if (!inMap(pos, len)) {
            if (end <= dataEnd || pos < mapCapacity || len > windowSize / 2 || !writable || unmapped()) {
                return false;
            }
            moveWindow(pos);
        }
        dataEnd = Math.max(dataEnd, end);
        return true;
    }

    /**
     * Maps the window from the page holding {@code pos} (never before the capacity, so the chunks
     * and the window never overlap), first writing zeros from the data's end to the window's.
     */
    private void moveWindow(long pos) throws IOException {
        tail.unmap();
        long start = Math.max(mapCapacity, pos & -PAGE);
        long end = start + windowSize;
        for (long at = Math.max(dataEnd, start); at < end; ) {
            int n = (int) Math.min(ZEROS.capacity(), end - at);
            IoSeam.beforeWrite(false, at, n);
            writeAll(at, ZEROS.duplicate().limit(n));
            IoSeam.afterWrite(false, at, n);
            at += n;
        }
        tail.map(channel, FileChannel.MapMode.READ_WRITE, start, end, order);
    }

    /**
     * Makes sure a write ending at {@code end} goes through the map when the map may cover it:
     * grows the file and remaps, geometrically and page-aligned, never beyond the capacity.
     */
    private void ensureMapped(long end) throws IOException {
        if (end <= mapped || end > mapCapacity || !writable) {
            return;
        }
        long want = Math.max(end + GROW_SLACK, mapped * 2);
        want = Math.min(mapCapacity, (want + PAGE - 1) & -PAGE);
        remap(want);
    }

    /** Truncates (or extends) the file to exactly {@code size} bytes, shrinking the map first. */
    void truncate(long size) throws IOException {
        mark.beforeChange();
        IoSeam.beforeTruncate(false, size);
        if (mapped > size) {
            remap(size);
        }
        if (tail.reachesPast(size)) {
            tail.unmap();
        }
        unmapReadWindows();
        dataEnd = size;
        if (channel.size() > size) {
            channel.truncate(size);
        } else if (channel.size() < size) {
            channel.write(ByteBuffer.wrap(new byte[1]), size - 1);
        }
    }

    /** Flushes mapped pages and file data to the device ({@code msync} and {@code fsync}). */
    void force() throws IOException {
        IoSeam.beforeSync(false);
        for (ByteBuffer c : chunks) {
            ((MappedByteBuffer) c).force();
        }
        if (tail.buffer != null) {
            ((MappedByteBuffer) tail.buffer).force();
        }
        channel.force(true);
    }

    /** Maps exactly the first {@code length} bytes, reusing chunks that keep their size. */
    private void remap(long length) throws IOException {
        int count = (int) ((length + CHUNK_SIZE - 1) >>> CHUNK_SHIFT);
        ByteBuffer[] next = new ByteBuffer[count];
        FileChannel.MapMode mode = writable ? FileChannel.MapMode.READ_WRITE : FileChannel.MapMode.READ_ONLY;
        for (int i = 0; i < count; i++) {
            long start = (long) i << CHUNK_SHIFT;
            long size = Math.min(CHUNK_SIZE, length - start);
            if (i < chunks.length && chunks[i].capacity() == size) {
                next[i] = chunks[i];
                chunks[i] = null;
            } else {
                next[i] = Unmapper.map(channel, mode, start, size).order(order);
            }
        }
        for (ByteBuffer old : chunks) {
            Unmapper.unmap(old);
        }
        chunks = next;
        mapped = length;
    }

    /** Releases the map and the windows; the channel stays usable for positional I/O. */
    void unmapAll() {
        tail.unmap();
        unmapReadWindows();
        ByteBuffer[] old = chunks;
        chunks = new ByteBuffer[0];
        mapped = 0;
        for (ByteBuffer c : old) {
            Unmapper.unmap(c);
        }
    }

    /** Unmaps everything and closes the channel. */
    @Override
    public void close() throws IOException {
        unmapAll();
        channel.close();
    }

    /** Whether the map reaches past the end of the file: another process cut it, and accesses there fault. */
    boolean mappedPastEnd() {
        try {
            long size = channel.size();
            if (size < mapped || tail.reachesPast(size)) {
                return true;
            }
            synchronized (allReadWindows) {
                for (ReadWindow w : allReadWindows) {
                    if (w.reachesPast(size)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
