package io.countd.server.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The response to a ranked read: a signed 64-bit little-endian row count N, then N rows of
 * {@link #ROW_SIZE} bytes (count as a signed 64-bit little-endian integer, then the key NUL-padded
 * to 256 bytes); or, on error, N = -1 followed by a 256-byte NUL-padded UTF-8 message.
 */
public final class ReadResponse {
    /** Bytes of the row count that starts every response. */
    public static final int HEADER_SIZE = 8;
    /** Bytes in one row. */
    public static final int ROW_SIZE = 8 + WriteMessage.NAME_FIELD;
    /** Bytes in an error response. */
    public static final int ERROR_SIZE = HEADER_SIZE + WriteMessage.NAME_FIELD;

    private ReadResponse() {
    }

    /** Writes one row into {@code buf[off..off+ROW_SIZE)}. */
    public static void encodeRow(long count, byte[] key, int keyLength, byte[] buf, int off) {
        LittleEndian.putLong(buf, off, count);
        System.arraycopy(key, 0, buf, off + 8, keyLength);
        Arrays.fill(buf, off + 8 + keyLength, off + ROW_SIZE, (byte) 0);
    }

    /**
     * An error response; the message is cut to 256 bytes on a UTF-8 character boundary.
     */
    public static byte[] error(String message) {
        byte[] out = new byte[ERROR_SIZE];
        LittleEndian.putLong(out, 0, -1);
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, WriteMessage.NAME_FIELD);
        while (n < text.length && n > 0 && (text[n] & 0xC0) == 0x80) {
            n--;
        }
        System.arraycopy(text, 0, out, HEADER_SIZE, n);
        return out;
    }
}
