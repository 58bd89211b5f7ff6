package io.countd.server.log;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Walks the valid frames of one generation of a log, from the first frame to the first frame that
 * is not valid (which is the end of the log, or damage: the caller decides). Reads the file in
 * large chunks into one array and exposes each frame's payload in place.
 */
final class FrameScanner {
    private static final int CHUNK = 4 << 20;

    private final FileChannel ch;
    private final long generation;
    private final long fileSize;
    private final byte[] buf;
    private final ByteBuffer view;
    private final CRC32C crc = new CRC32C();
    /** The file offset of {@code buf[0]}. */
    private long bufStart = LogFormat.FIRST_FRAME;
    private int filled;
    private long next = LogFormat.FIRST_FRAME;

    private long frameOffset;
    private int recordCount;
    private int payloadLength;
    private String stop;

    FrameScanner(FileChannel ch, long generation) throws IOException {
        this(ch, generation, null);
    }

    /**
     * A scanner that works in {@code buffer} when it is large enough for the log, else in a new
     * array ({@link #buffer()} tells which): a chunk of 4 MiB always holds a whole frame (at most
     * 1 MiB + 20); smaller files fit entirely.
     */
    FrameScanner(FileChannel ch, long generation, byte[] buffer) throws IOException {
        this.ch = ch;
        this.generation = generation;
        this.fileSize = ch.size();
        int needed = (int) Math.max(0, Math.min(CHUNK, fileSize - LogFormat.FIRST_FRAME));
        buf = buffer != null && buffer.length >= needed ? buffer : new byte[needed];
        view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Moves to the next frame; false (see {@link #stopReason()}) when it is not valid. */
    boolean next() throws IOException {
        long at = next;
        if (at + LogFormat.FRAME_HEADER_BYTES > fileSize) {
            return stop(at, "no room for a frame header before the end of the file");
        }
        int i = load(at, LogFormat.FRAME_HEADER_BYTES);
        int length = view.getInt(i);
        int count = view.getInt(i + 4);
        long gen = view.getLong(i + 8);
        if (gen != generation) {
            return stop(at, "generation " + gen + ", not the log's " + generation);
        }
        boolean seal = count == LogFormat.SEAL_COUNT;
        if (seal ? length != LogFormat.SEAL_PAYLOAD_BYTES
                : count == 0 || length <= 0 || length > LogFormat.MAX_PAYLOAD) {
            return stop(at, "payload length " + Integer.toUnsignedString(length) + " with record count "
                    + Integer.toUnsignedString(count) + " is not allowed");
        }
        if (at + LogFormat.FRAME_HEADER_BYTES + length > fileSize) {
            return stop(at, "payload of " + length + " bytes runs past the end of the file");
        }
        i = load(at, LogFormat.FRAME_HEADER_BYTES + length);
        crc.reset();
        crc.update(buf, i, LogFormat.FRAME_CRC_COVERED);
        crc.update(buf, i + LogFormat.FRAME_HEADER_BYTES, length);
        if (view.getInt(i + LogFormat.FRAME_CRC_COVERED) != (int) crc.getValue()) {
            return stop(at, "checksum mismatch");
        }
        frameOffset = at;
        recordCount = count;
        payloadLength = length;
        next = at + LogFormat.FRAME_HEADER_BYTES + length;
        return true;
    }

    private boolean stop(long at, String why) {
        frameOffset = at;
        stop = "frame at offset " + at + ": " + why;
        return false;
    }

    /** Makes {@code n} bytes from file offset {@code at} present in the array; returns their index. */
    private int load(long at, int n) throws IOException {
        int i = (int) (at - bufStart);
        if (filled - i >= n) {
            return i;
        }
        System.arraycopy(buf, i, buf, 0, filled - i);
        filled -= i;
        bufStart = at;
        while (filled < n) {
            int want = (int) Math.min(buf.length - filled, fileSize - (bufStart + filled));
            int r = ch.read(ByteBuffer.wrap(buf, filled, want), bufStart + filled);
            if (r < 0) {
                throw new EOFException("the log became shorter while it was read, at " + (bufStart + filled));
            }
            filled += r;
        }
        return 0;
    }

    boolean isSeal() {
        return recordCount == LogFormat.SEAL_COUNT;
    }

    /** The data frame's record count (unsigned). */
    long recordCount() {
        return Integer.toUnsignedLong(recordCount);
    }

    byte[] buffer() {
        return buf;
    }

    int payloadIndex() {
        return (int) (frameOffset - bufStart) + LogFormat.FRAME_HEADER_BYTES;
    }

    int payloadLength() {
        return payloadLength;
    }

    /** The current frame's offset, or after a stop the offset of the frame that is not valid. */
    long frameOffset() {
        return frameOffset;
    }

    /** Where the valid frames end: the offset after the last valid frame. */
    long end() {
        return next;
    }

    /** The seal frame's two counts: data frames and records before it. */
    long sealFrames() {
        return view.getLong(payloadIndex());
    }

    long sealRecords() {
        return view.getLong(payloadIndex() + 8);
    }

    String stopReason() {
        return stop;
    }
}
