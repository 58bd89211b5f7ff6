package io.countd.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/** Encodes frame headers and seal frames. */
final class Frames {
    private Frames() {
    }

    /**
     * Fills {@code header} (20 bytes, little-endian, position 0) for a frame of {@code payload}
     * (position to limit, left unchanged).
     */
    static void encodeHeader(ByteBuffer header, int recordCount, long generation, ByteBuffer payload, CRC32C crc) {
        int length = payload.remaining();
        header.clear();
        header.putInt(0, length).putInt(4, recordCount).putLong(8, generation);
        crc.reset();
        crc.update(header.limit(LogFormat.FRAME_CRC_COVERED));
        int start = payload.position();
        crc.update(payload);
        payload.position(start);
        header.clear();
        header.putInt(LogFormat.FRAME_CRC_COVERED, (int) crc.getValue());
    }

    /** The complete seal frame after {@code frames} data frames holding {@code records} records. */
    static ByteBuffer seal(long generation, long frames, long records) {
        ByteBuffer payload = ByteBuffer.allocate(LogFormat.SEAL_PAYLOAD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        payload.putLong(0, frames).putLong(8, records);
        ByteBuffer frame = ByteBuffer.allocate(LogFormat.SEAL_FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        encodeHeader(frame, LogFormat.SEAL_COUNT, generation, payload, new CRC32C());
        return frame.position(LogFormat.FRAME_HEADER_BYTES).put(payload).flip();
    }

    /** Writes the seal frame at {@code offset}; the caller makes it durable. */
    static void writeSeal(FileChannel ch, long offset, long generation, long frames, long records) throws IOException {
        ByteBuffer b = seal(generation, frames, records);
        while (b.hasRemaining()) {
            ch.write(b, offset + b.position());
        }
    }
}
