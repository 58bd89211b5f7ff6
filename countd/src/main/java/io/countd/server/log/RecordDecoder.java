package io.countd.server.log;

/**
 * Decodes the records of one frame payload into two reused name arrays. Nothing is allocated per
 * record; only a malformed payload allocates (its description).
 */
final class RecordDecoder {
    private final byte[] keyspace = new byte[LogFormat.MAX_NAME];
    private final byte[] key = new byte[LogFormat.MAX_NAME];
    private byte[] buf;
    private int pos;
    private int end;

    /**
     * Checks that {@code length} bytes at {@code offset} hold exactly {@code count} valid records
     * and, when {@code visitor} is not null, hands each to it.
     *
     * @return null when the payload is valid; otherwise what is wrong (and with a visitor, the
     *     records before the bad one were visited: validate first to keep frames whole)
     */
    String decode(byte[] buf, int offset, int length, long count, RecordVisitor visitor) {
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
        try {
            for (long r = 0; r < count; r++) {
                int ksLength = name(keyspace, visitor != null);
                int keyLength = name(key, visitor != null);
                long increment = Varints.unzigzag(varint(10));
                if (increment == 0) {
                    throw new Malformed("a zero increment");
                }
                if (visitor != null) {
                    visitor.record(keyspace, ksLength, key, keyLength, increment);
                }
            }
            if (pos != end) {
                throw new Malformed((end - pos) + " bytes after the last record");
            }
            return null;
        } catch (Malformed e) {
            return "record at payload byte " + (pos - offset) + ": " + e.getMessage();
        } finally {
            this.buf = null;
        }
    }

    private int name(byte[] into, boolean copy) throws Malformed {
        long n = varint(2);
        if (n < 1 || n > LogFormat.MAX_NAME) {
            throw new Malformed("a name of " + n + " bytes");
        }
        int length = (int) n;
        if (length > end - pos) {
            throw new Malformed("a name runs past the payload");
        }
        if (copy) {
            System.arraycopy(buf, pos, into, 0, length);
        } else {
            for (int i = pos; i < pos + length; i++) {
                if (buf[i] == 0) {
                    throw new Malformed("a NUL byte in a name");
                }
            }
        }
        pos += length;
        return length;
    }

    /** An unsigned varint of at most {@code maxBytes} bytes in its shortest form. */
    private long varint(int maxBytes) throws Malformed {
        long v = 0;
        for (int i = 0; i < maxBytes; i++) {
            if (pos >= end) {
                throw new Malformed("a varint runs past the payload");
            }
            int b = buf[pos++] & 0xFF;
            if (i == 9 && b > 1) {
                throw new Malformed("a varint exceeds 64 bits");
            }
            v |= (long) (b & 0x7F) << (7 * i);
            if (b < 0x80) {
                if (i > 0 && b == 0) {
                    throw new Malformed("a varint not in its shortest form");
                }
                return v;
            }
        }
        throw new Malformed("a varint longer than " + maxBytes + " bytes");
    }

    /** A malformed record; thrown only on damage, so its cost does not matter. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
