package io.countd.server.log;

import java.nio.charset.StandardCharsets;

/** The numbers of the on-disk format ({@code format-spec/commitlog.md}), in one place. */
final class LogFormat {
    static final byte[] MAGIC = "CNTDLOG1".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Magic, version, slot, generation, creation time and the header's CRC. */
    static final int HEADER_BYTES = 36;
    /** Frames start after a whole reserved page, so the header never shares a page with frames. */
    static final int FIRST_FRAME = 4096;
    /** payloadLength, recordCount, generation, crc32c. */
    static final int FRAME_HEADER_BYTES = 20;
    /** The bytes of a frame header covered by its CRC (all but the CRC itself). */
    static final int FRAME_CRC_COVERED = 16;
    /** The record count that marks a seal frame (0xFFFFFFFF as a u32). */
    static final int SEAL_COUNT = -1;
    static final int SEAL_PAYLOAD_BYTES = 16;
    static final int SEAL_FRAME_BYTES = FRAME_HEADER_BYTES + SEAL_PAYLOAD_BYTES;
    /** The largest payload of a data frame; {@link RecordBatch#MAX_CAPACITY} is chosen to match. */
    static final int MAX_PAYLOAD = 1 << 20;
    static final int MAX_NAME = 256;

    private LogFormat() {
    }

    static String slotName(int slot) {
        return String.format("%010d", slot);
    }
}
