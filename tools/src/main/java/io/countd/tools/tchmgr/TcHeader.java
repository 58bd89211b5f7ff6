package io.countd.tools.tchmgr;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A database header read the way Debian's Tokyo Cabinet reads it (big-endian, no questions asked),
 * and TC's own open-time judgement of it. With {@code -nl} TC skips that judgement and works on
 * whatever the header says, where the engine still refuses an invalid header; {@code tchmgr}
 * consults this view to answer such cases like the C tool.
 */
final class TcHeader {
    static final int SIZE = 256;
    private static final byte[] MAGIC = "ToKyO CaBiNeT".getBytes(StandardCharsets.US_ASCII);
    /** TC's default extra mapped size (64 MiB), the least a handle maps. */
    private static final long DEFAULT_MAP = 64L << 20;
    /** Mappings longer than this cannot fit in a 47-bit user address space, so mmap fails. */
    private static final long MAX_MAP = 1L << 46;

    private final ByteBuffer header;
    private final long physicalSize;

    private TcHeader(byte[] bytes, long physicalSize, ByteOrder order) {
        this.header = ByteBuffer.wrap(bytes).order(order);
        this.physicalSize = physicalSize;
    }

    /**
     * The header of the regular file at {@code path} if it has one to judge (at least 256 bytes,
     * readable by us); null otherwise, leaving the case to the engine, which reports it as TC would.
     */
    static TcHeader read(Path path) {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
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
            return new TcHeader(b.array(), size, ByteOrder.BIG_ENDIAN);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    int type() {
        return header.get(32) & 0xFF;
    }

    int flags() {
        return header.get(33) & 0xFF;
    }

    int apow() {
        return header.get(34) & 0xFF;
    }

    int fpow() {
        return header.get(35) & 0xFF;
    }

    int options() {
        return header.get(36) & 0xFF;
    }

    long bucketCount() {
        return header.getLong(40);
    }

    long recordCount() {
        return header.getLong(48);
    }

    long fileSize() {
        return header.getLong(56);
    }

    long firstRecord() {
        return header.getLong(64);
    }

    /** Bytes per bucket entry: 8 with the large option, else 4. */
    int bucketWidth() {
        return (options() & 1) != 0 ? 8 : 4;
    }

    /** The end of the bucket array, with C's unsigned 64-bit wrap-around. */
    long bucketsEnd() {
        return SIZE + bucketCount() * bucketWidth();
    }

    /**
     * Whether a Tokyo Cabinet build of either byte order accepts the header: Debian's (big-endian)
     * as read here, or an upstream build (little-endian) reading the same bytes.
     */
    boolean passesValidationInEitherOrder() {
        return passesValidation()
                || new TcHeader(header.array(), physicalSize, ByteOrder.LITTLE_ENDIAN).passesValidation();
    }

    /** TC's validation at open: magic, hash type, and a first record and file size that fit. */
    boolean passesValidation() {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header.get(i) != MAGIC[i]) {
                return false;
            }
        }
        return type() == 0
                && Long.compareUnsigned(firstRecord(), bucketsEnd() + 64) >= 0
                && Long.compareUnsigned(firstRecord(), fileSize()) <= 0
                && Long.compareUnsigned(physicalSize, fileSize()) >= 0;
    }

    /** How much of the file TC maps: at least 64 MiB and the bucket array; a reader no more than the file size. */
    long mappedLength(boolean writer) {
        long len = Long.compareUnsigned(DEFAULT_MAP, bucketsEnd()) > 0 ? DEFAULT_MAP : bucketsEnd();
        if (!writer && Long.compareUnsigned(len, fileSize()) > 0) {
            len = fileSize();
        }
        return len;
    }

    /** Whether TC's mmap of this header's extent fails (an empty or impossibly long mapping). */
    boolean mappingFails(boolean writer) {
        long len = mappedLength(writer);
        return len == 0 || Long.compareUnsigned(len, MAX_MAP) > 0;
    }

    /** The number of non-zero bucket entries TC would count in its mapping of {@code path}. */
    long usedBuckets(Path path) {
        long limit = Math.min(mappedLength(false), physicalSize);
        int width = bucketWidth();
        long used = 0;
        if (limit <= SIZE) {
            return 0;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long pos = SIZE;
            long entries = (limit - SIZE) / width;
            if (Long.compareUnsigned(bucketCount(), entries) < 0) {
                entries = bucketCount();
            }
            long end = SIZE + entries * width;
            while (pos < end) {
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
