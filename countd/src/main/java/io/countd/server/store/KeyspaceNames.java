package io.countd.server.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Keyspace names and the files they live in. A name is 1 to 256 arbitrary bytes without NUL and is
 * never used as a path: the file is {@code <readable>.<hash>.tch}, where {@code <readable>} is the
 * name's first 32 bytes or fewer with every byte outside {@code [A-Za-z0-9_-]} replaced by
 * {@code _}, and {@code <hash>} the lowercase hex of the first 16 bytes of SHA-256 of the name. The
 * result has at most 69 bytes, never starts with a dot and never contains a separator.
 */
final class KeyspaceNames {
    static final int MAX_LENGTH = 256;
    private static final int READABLE_LENGTH = 32;
    private static final int HASH_BYTES = 16;
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}\\.[0-9a-f]{32}\\.tch");

    private KeyspaceNames() {
    }

    /** @throws IllegalArgumentException unless {@code name} is 1 to 256 bytes without NUL */
    static void check(byte[] name) {
        if (name.length < 1 || name.length > MAX_LENGTH) {
            throw new IllegalArgumentException("a keyspace name has 1 to 256 bytes, not " + name.length);
        }
        for (byte b : name) {
            if (b == 0) {
                throw new IllegalArgumentException("a keyspace name never holds a NUL byte: " + describe(name));
            }
        }
    }

    static String fileName(byte[] name) {
        StringBuilder sb = new StringBuilder(69);
        for (int i = 0; i < Math.min(READABLE_LENGTH, name.length); i++) {
            int c = name[i] & 0xFF;
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
            sb.append(plain ? (char) c : '_');
        }
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        sb.append('.').append(HexFormat.of().formatHex(digest, 0, HASH_BYTES)).append(".tch");
        return sb.toString();
    }

    /** Whether a folder entry can be a keyspace file (its name record still decides). */
    static boolean isKeyspaceFileName(String fileName) {
        return FILE_NAME.matcher(fileName).matches();
    }

    /** The name for messages: printable ASCII as is, other bytes (and backslash) as {@code \xNN}. */
    static String describe(byte[] name) {
        StringBuilder sb = new StringBuilder();
        for (byte b : name) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append("\\x").append(HexFormat.of().toHexDigits((byte) c));
            }
        }
        return sb.toString();
    }
}
