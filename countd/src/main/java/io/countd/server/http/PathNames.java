package io.countd.server.http;

import java.io.ByteArrayOutputStream;

/**
 * Names (keyspaces and keys: arbitrary bytes) as path segments of the HTTP API: every byte may be
 * percent-encoded, so a name holding {@code /}, {@code ..}, NUL-free binary or any text travels
 * as one segment. See {@code format-spec/countd-http.md} §2.
 *
 * <p>Decoding is strict: a segment may hold only RFC 3986 path characters (unreserved,
 * sub-delimiters, {@code :}, {@code @}) and {@code %} followed by two hex digits. A literal
 * {@code .} or {@code ..} segment is a name like any other: the server never removes dot segments,
 * but most clients do before sending, which is why {@link #encode} escapes the dots of those two
 * names.
 */
public final class PathNames {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathNames() {
    }

    /** A segment that is not a valid percent-encoded name. */
    public static final class BadSegmentException extends Exception {
        private static final long serialVersionUID = 1L;

        BadSegmentException(String message) {
            super(message);
        }
    }

    /**
     * The bytes of one path segment.
     *
     * @throws BadSegmentException when the segment holds a character outside the path character set
     *     or a {@code %} not followed by two hex digits
     */
    public static byte[] decode(CharSequence segment) throws BadSegmentException {
        return decode(segment, false);
    }

    /** Decodes a path segment, or with {@code query} a query parameter's name or value (which may also hold {@code /} and {@code ?}). */
    static byte[] decode(CharSequence segment, boolean query) throws BadSegmentException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '%') {
                int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
                int lo = hi < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
                if (lo < 0) {
                    throw new BadSegmentException("'%' must be followed by two hex digits");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (isPathChar(c) || query && (c == '/' || c == '?')) {
                out.write(c);
            } else {
                throw new BadSegmentException(c < 0x21 || c > 0x7E
                        ? String.format("byte 0x%02x must be percent-encoded", (int) c)
                        : "'" + c + "' must be percent-encoded");
            }
        }
        return out.toByteArray();
    }

    /**
     * The canonical segment of a name: ASCII letters, digits, {@code -}, {@code .}, {@code _} and
     * {@code ~} as they are, every other byte as {@code %XX} (uppercase hex); the dots of the names
     * {@code .} and {@code ..} are encoded too.
     */
    public static String encode(byte[] name) {
        boolean dotSegment = name.length > 0 && name.length <= 2 && name[0] == '.' && name[name.length - 1] == '.';
        StringBuilder sb = new StringBuilder(name.length * 3);
        for (byte b : name) {
            int c = b & 0xFF;
            if (isUnreserved(c) && !(dotSegment && c == '.')) {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return sb.toString();
    }

    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    /** RFC 3986 pchar, without the percent escapes. */
    private static boolean isPathChar(int c) {
        return isUnreserved(c) || "!$&'()*+,;=:@".indexOf(c) >= 0;
    }
}
