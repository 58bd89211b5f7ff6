package io.countd.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The header of one generation of a log: which slot, which generation, when it was taken.
 *
 * @param createdMicros when the writer took the log, in microseconds since the epoch
 */
record LogHeader(int slot, long generation, long createdMicros) {

    /** The bytes of this header, {@link LogFormat#HEADER_BYTES} long. */
    ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(LogFormat.HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(LogFormat.MAGIC).putInt(LogFormat.VERSION).putInt(slot).putLong(generation).putLong(createdMicros);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.flip();
    }

    /** The header in {@code bytes}, or null when they do not hold a valid header of {@code slot}. */
    static LogHeader decode(ByteBuffer bytes, int slot) {
        if (bytes.remaining() < LogFormat.HEADER_BYTES) {
            return null;
        }
        ByteBuffer b = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        byte[] raw = new byte[LogFormat.HEADER_BYTES];
        b.get(0, raw);
        CRC32C crc = new CRC32C();
        crc.update(raw, 0, LogFormat.HEADER_BYTES - 4);
        boolean valid = Arrays.equals(raw, 0, 8, LogFormat.MAGIC, 0, 8)
                && b.getInt(8) == LogFormat.VERSION
                && b.getInt(12) == slot
                && b.getLong(16) > 0
                && b.getInt(32) == (int) crc.getValue();
        return valid ? new LogHeader(slot, b.getLong(16), b.getLong(24)) : null;
    }

    /** The valid header at the start of the log, or null. */
    static LogHeader read(FileChannel ch, int slot) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(LogFormat.HEADER_BYTES);
        int n;
        do {
            n = ch.read(b, b.position());
        } while (n > 0 && b.hasRemaining());
        return decode(b.flip(), slot);
    }

    /** Writes this header at offset 0; the caller makes it durable. */
    void write(FileChannel ch) throws IOException {
        ByteBuffer b = encode();
        while (b.hasRemaining()) {
            ch.write(b, b.position());
        }
    }
}
