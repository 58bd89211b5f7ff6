package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A database header as its bytes say, read in a byte order the caller names, with none of the
 * checks an open applies, and what TC itself would make of it: its own validation, and the extent
 * it maps. For tools that must answer like TC's about files this engine refuses to open, as
 * {@code tchmgr} does with {@code -nl}, where TC skips validation.
 *
 * <p>Immutable; the file is read once, by {@link #read}, and again only by {@link #usedBuckets()}.
 */
public final class RawHeader {
    /** The header's size in bytes. */
    public static final int SIZE = Header.SIZE;
    /** Mappings longer than this cannot fit in a 47-bit user address space, so TC's mmap fails. */
    private static final long MAX_MAP = 1L << 46;

    private final Path path;
    private final byte[] bytes;
    private final long physicalSize;
    private final Header fields;

    private RawHeader(Path path, byte[] bytes, long physicalSize, ByteOrder order) {
        this.path = path;
        this.bytes = bytes;
        this.physicalSize = physicalSize;
        this.fields = Header.decode(bytes, order);
    }

    /**
     * The header of the regular file at {@code path} read in {@code order}, if it has one to judge.
     *
     * @param path the database file
     * @param order the byte order to read it in
     * @return the header, or null if the file is shorter than a header or cannot be read
     */
    public static RawHeader read(Path path, ByteOrder order) {
        try (FileChannel ch = InterruptSafeChannel.openFile(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < SIZE) {
                return null;
            }
            ByteBuffer b = ByteBuffer.allocate(SIZE);
            while (b.hasRemaining()) {
                if (ch.read(b, b.position()) < 0) {
                    return null;
                }
            }
            return new RawHeader(path, b.array(), size, order);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The same bytes read in {@code order}.
     *
     * @param order the byte order
     * @return the header in that order
     */
    public RawHeader inOrder(ByteOrder order) {
        return new RawHeader(path, bytes, physicalSize, order);
    }

    /** @return the database type byte (0 for a hash database) */
    public int type() {
        return fields.type;
    }

    /** @return the flag bits: 1 open, 2 fatal */
    public int flags() {
        return fields.flags;
    }

    /** @return the alignment power byte as stored */
    public int alignmentPower() {
        return fields.apow;
    }

    /** @return the free block pool power byte as stored */
    public int freeBlockPoolPower() {
        return fields.fpow;
    }

    /** @return the option bits as stored */
    public int options() {
        return fields.opts;
    }

    /** @return the bucket count, unsigned */
    public long bucketCount() {
        return fields.bnum;
    }

    /** @return the record count, unsigned */
    public long recordCount() {
        return fields.rnum;
    }

    /** @return the logical file size, unsigned */
    public long fileSize() {
        return fields.fsiz;
    }

    /** @return the offset of the first record, unsigned */
    public long firstRecord() {
        return fields.frec;
    }

    /**
     * Whether TC, reading the header in this byte order, accepts it at open: the magic, the hash
     * type, and a first record and file size that fit.
     *
     * @return true if TC would open the file
     */
    public boolean passesTcValidation() {
        return Header.hasMagic(bytes) && fields.passesTcChecks(physicalSize);
    }

    /**
     * How much of the file TC maps: its default extra mapped size of 64 MiB, or the whole bucket
     * array if that is longer; for a reader no more than the logical file size.
     *
     * @param writer whether TC opens the file as a writer
     * @return the length TC maps, unsigned
     */
    public long mappedLength(boolean writer) {
        long buckets = fields.msiz();
        long len = Long.compareUnsigned(Settings.DEFAULT_XMSIZ, buckets) > 0 ? Settings.DEFAULT_XMSIZ : buckets;
        if (!writer && Long.compareUnsigned(len, fields.fsiz) > 0) {
            len = fields.fsiz;
        }
        return len;
    }

    /**
     * Whether TC's map of the extent this header describes fails: empty, or longer than an
     * address space.
     *
     * @param writer whether TC opens the file as a writer
     * @return true if TC's open fails with a mapping error
     */
    public boolean mappingFails(boolean writer) {
        long len = mappedLength(writer);
        return len == 0 || Long.compareUnsigned(len, MAX_MAP) > 0;
    }

    /**
     * The non-zero bucket entries TC would count in its map of a reader's extent of the file.
     *
     * @return the count; what could be read if the file cannot be read to the end
     */
    public long usedBuckets() {
        long limit = Math.min(mappedLength(false), physicalSize);
        int width = fields.width();
        long used = 0;
        if (limit <= SIZE) {
            return 0;
        }
        try (FileChannel ch = InterruptSafeChannel.openFile(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.BIG_ENDIAN);
            long entries = (limit - SIZE) / width;
            if (Long.compareUnsigned(fields.bnum, entries) < 0) {
                entries = fields.bnum;
            }
            long end = SIZE + entries * width;
            for (long pos = SIZE; pos < end;) {
                buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
                int n = ch.read(buf, pos);
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i + width <= n; i += width) {
                    long entry = width == 8 ? buf.getLong(i) : buf.getInt(i);
                    if (entry != 0) {
                        used++;
                    }
                }
                pos += n - n % width;
            }
        } catch (IOException | RuntimeException e) {
            // counted so far
        }
        return used;
    }
}
