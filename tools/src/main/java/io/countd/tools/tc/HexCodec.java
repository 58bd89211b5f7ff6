package io.countd.tools.tc;

import java.io.ByteArrayOutputStream;

/**
 * The hexadecimal forms {@code tchmgr} reads ({@code -sx}) and prints ({@code -px}).
 *
 * <p>Reading follows TC's {@code tchexdecode} exactly, leniency and all: characters are taken two at a
 * time; blanks (bytes 0x00..0x20) are skipped only where a pair starts; a non-hex character counts
 * as 0 in the high position and is ignored in the low position; an odd final digit is dropped.
 * Because the blank skip also steps over the terminating NUL, blanks at the end of an argument make
 * TC read one more pair from the memory that follows, which is the next command-line argument; the
 * decoder therefore works on the whole argument block and reproduces that. Past the last argument
 * lies the process environment, whose content differs between processes; decoding stops there.
 */
public final class HexCodec {
    private static final byte[] DIGITS = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private HexCodec() {
    }

    /** Decodes a string that stands alone: nothing follows its end. */
    public static byte[] decode(byte[] text) {
        byte[] memory = new byte[text.length + 1];
        System.arraycopy(text, 0, memory, 0, text.length);
        return decode(memory, 0, text.length);
    }

    /**
     * Decodes the NUL-terminated string of {@code length} bytes at {@code start} of {@code memory},
     * where {@code memory} holds whatever follows it in the C program's address space.
     */
    public static byte[] decode(byte[] memory, int start, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length / 2 + 1);
        for (int i = 0; i < length; i += 2) {
            while (start + i < memory.length && memory[start + i] >= 0 && memory[start + i] <= ' ') {
                i++;
            }
            if (start + i >= memory.length) {
                break; // the environment: undefined content
            }
            int high = value(memory[start + i]);
            int num = high < 0 ? 0 : high;
            int next = start + i + 1 < memory.length ? memory[start + i + 1] : 0;
            int low = value(next);
            if (low >= 0) {
                num = num * 16 + low;
            } else if (next == 0) {
                break;
            }
            out.write(num);
        }
        return out.toByteArray();
    }

    private static int value(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The {@code -px} form: upper-case hex pairs separated by single spaces. */
    public static byte[] encode(byte[] data) {
        if (data.length == 0) {
            return data;
        }
        byte[] out = new byte[data.length * 3 - 1];
        int w = 0;
        for (int i = 0; i < data.length; i++) {
            if (i > 0) {
                out[w++] = ' ';
            }
            out[w++] = DIGITS[(data[i] >> 4) & 0xF];
            out[w++] = DIGITS[data[i] & 0xF];
        }
        return out;
    }
}
