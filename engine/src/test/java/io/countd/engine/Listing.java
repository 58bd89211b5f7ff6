package io.countd.engine;

import java.nio.charset.StandardCharsets;

/** The text of {@code tchmgr list -pv -px}: per record, hex key TAB hex value, in physical order. */
final class Listing {
    private Listing() {
    }

    static String of(HashDatabase db) {
        StringBuilder sb = new StringBuilder();
        db.forEach((k, v) -> sb.append(hex(k)).append('\t').append(hex(v)).append('\n'));
        return sb.toString();
    }

    /** Uppercase hex bytes separated by single spaces, as tchmgr's -px prints them. */
    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(Character.toUpperCase(Character.forDigit((bytes[i] >> 4) & 0xF, 16)));
            sb.append(Character.toUpperCase(Character.forDigit(bytes[i] & 0xF, 16)));
        }
        return sb.toString();
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
