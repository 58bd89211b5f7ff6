package io.countd.engine;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The {@link Option#TCBS} value format: Tokyo Cabinet's block-sorting compressor.
 *
 * <p>Format (specified in {@code format-spec/tchdb-codecs.md}): the value is cut into units of
 * {@value #UNIT} bytes, the last one shorter. Each unit becomes a two-byte primary index, in the
 * file's byte order, followed by the last column of its Burrows–Wheeler transform ({@link TcBwt}).
 * The concatenation of all units is move-to-front coded with a single table, and each resulting
 * byte {@code c} is written as the Elias gamma code of {@code c + 1}. Bits are packed from the least
 * significant end of each byte, starting at bit 3 of the first byte, whose low three bits hold the
 * number of bits used in the last byte, modulo 8. The empty value is the single byte {@code 03}.
 *
 * <p>Encoding is byte-identical to {@code tcbsencode} of a TC build writing the same byte order,
 * including the primary index of periodic units. TC's decoder accepts any bytes; this one rejects,
 * with {@link TcError#MISC}, the streams no encoder writes: no bytes at all, a negative bit count, a
 * gamma code for a number above 256 or cut off by the end of the stream, and a final unit holding an
 * index but no data. For every other stream it returns exactly what {@code tcbsdecode} returns, and
 * like TC it treats a primary index at or past the end of its unit as 0. The format has no
 * checksum, so other damage decodes to a wrong value, as it does in TC.
 *
 * <p>Instances are immutable and thread-safe. Each call allocates its own working memory besides
 * its result: for encoding, 20 bytes per byte of a unit (at most 160 kB) and a buffer the size of
 * the value; for decoding, a buffer the size of the value.
 */
final class TcbsCodec implements ValueCodec {
    /** Bytes per unit (TC_BSENCUNIT). */
    static final int UNIT = 8192;
    private static final int INDEX_BYTES = 2;
    /** The first bit position used for codes; bits 0-2 of the first byte hold the end marker. */
    private static final int FIRST_BIT = 3;
    /** 256, the largest number an encoder writes (for byte 255), has eight leading zero bits. */
    private static final int MAX_ZEROS = 8;
    private static final int MAX_CODE = 256;

    private final ByteOrder indexOrder;

    /** A codec writing and reading primary indexes in {@code indexOrder}, the file's byte order. */
    TcbsCodec(ByteOrder indexOrder) {
        this.indexOrder = Objects.requireNonNull(indexOrder, "indexOrder");
    }

    @Override
    public byte[] encode(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        int units = (len + UNIT - 1) / UNIT;
        if (len > DecodeBuffers.MAX_DECODED_SIZE - units * INDEX_BYTES) {
            throw new TcException(TcError.MISC, "value too large for TCBS");
        }
        byte[] block = new byte[len + units * INDEX_BYTES];
        TcBwt bwt = new TcBwt(Math.min(len, UNIT));
        int pos = 0;
        for (int done = 0; done < len; done += UNIT) {
            int size = Math.min(UNIT, len - done);
            int primary = bwt.forward(src, off + done, size, block, pos + INDEX_BYTES);
            putIndex(block, pos, primary);
            pos += INDEX_BYTES + size;
        }
        moveToFrontEncode(block);
        return gammaEncode(block);
    }

    @Override
    public byte[] decode(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        if (len == 0) {
            throw malformed("no bytes");
        }
        long bits = (len - 1L) * 8 + (src[off] & 7) - FIRST_BIT;
        if (bits < 0) {
            throw malformed("negative bit count");
        }
        // Counting the codes first sizes every buffer exactly, whatever the stream claims.
        GammaReader counter = new GammaReader(src, off, bits);
        long count = 0;
        while (counter.hasNext()) {
            counter.next();
            count++;
        }
        if (count > DecodeBuffers.MAX_DECODED_SIZE) {
            throw malformed("decoded value too large");
        }
        int tail = (int) (count % (INDEX_BYTES + UNIT));
        if (tail > 0 && tail <= INDEX_BYTES) {
            throw malformed("last unit has no data");
        }
        int units = (int) (count / (INDEX_BYTES + UNIT)) + (tail > 0 ? 1 : 0);
        byte[] block = new byte[(int) count];
        GammaReader reader = new GammaReader(src, off, bits);
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) reader.next();
        }
        moveToFrontDecode(block);
        byte[] out = new byte[block.length - units * INDEX_BYTES];
        int outPos = 0;
        for (int pos = 0; pos < block.length; ) {
            int size = Math.min(UNIT, block.length - pos - INDEX_BYTES);
            int primary = getIndex(block, pos);
            TcBwt.inverse(block, pos + INDEX_BYTES, size, primary < size ? primary : 0, out, outPos);
            pos += INDEX_BYTES + size;
            outPos += size;
        }
        return out;
    }

    private void putIndex(byte[] dst, int pos, int index) {
        byte high = (byte) (index >>> 8);
        byte low = (byte) index;
        boolean bigEndian = indexOrder == ByteOrder.BIG_ENDIAN;
        dst[pos] = bigEndian ? high : low;
        dst[pos + 1] = bigEndian ? low : high;
    }

    private int getIndex(byte[] src, int pos) {
        int first = src[pos] & 0xff;
        int second = src[pos + 1] & 0xff;
        return indexOrder == ByteOrder.BIG_ENDIAN ? first << 8 | second : second << 8 | first;
    }

    private static void moveToFrontEncode(byte[] data) {
        byte[] table = identityTable();
        for (int i = 0; i < data.length; i++) {
            byte b = data[i];
            int k = 0;
            while (table[k] != b) {
                k++;
            }
            System.arraycopy(table, 0, table, 1, k);
            table[0] = b;
            data[i] = (byte) k;
        }
    }

    private static void moveToFrontDecode(byte[] data) {
        byte[] table = identityTable();
        for (int i = 0; i < data.length; i++) {
            int k = data[i] & 0xff;
            byte b = table[k];
            System.arraycopy(table, 0, table, 1, k);
            table[0] = b;
            data[i] = b;
        }
    }

    private static byte[] identityTable() {
        byte[] table = new byte[256];
        for (int i = 0; i < 256; i++) {
            table[i] = (byte) i;
        }
        return table;
    }

    /**
     * Writes each byte c as the gamma code of c + 1: one zero bit for each bit of c + 1 below its
     * top one, then c + 1 from the top bit down.
     */
    private static byte[] gammaEncode(byte[] symbols) {
        long bits = FIRST_BIT;
        for (byte s : symbols) {
            bits += 2L * topBit((s & 0xff) + 1) + 1;
        }
        if ((bits >>> 3) >= DecodeBuffers.MAX_DECODED_SIZE) {
            throw new TcException(TcError.MISC, "TCBS encoding too large");
        }
        // The end marker counts the bits of the last byte modulo 8, so a full last byte is followed
        // by an empty one: the size is one byte more than the whole bytes of the stream.
        byte[] out = new byte[(int) (bits >>> 3) + 1];
        out[0] = (byte) (bits & 7);
        int at = 0;
        int bit = FIRST_BIT;
        for (byte s : symbols) {
            int code = (s & 0xff) + 1;
            int top = topBit(code);
            bit += top;
            at += bit >>> 3;
            bit &= 7;
            for (int k = top; k >= 0; k--) {
                out[at] |= (byte) ((code >>> k & 1) << bit);
                if (++bit == 8) {
                    bit = 0;
                    at++;
                }
            }
        }
        return out;
    }

    private static int topBit(int value) {
        return 31 - Integer.numberOfLeadingZeros(value);
    }

    private static TcException malformed(String why) {
        return new TcException(TcError.MISC, "invalid TCBS data: " + why);
    }

    /** Reads the gamma codes of a stream in order, rejecting codes no encoder writes. */
    private static final class GammaReader {
        private final byte[] src;
        private int at;
        private int bit = FIRST_BIT;
        private long remaining;

        GammaReader(byte[] src, int off, long bits) {
            this.src = src;
            this.at = off;
            this.remaining = bits;
        }

        boolean hasNext() {
            return remaining > 0;
        }

        /** The next byte value, 0 to 255. */
        int next() {
            int zeros = 0;
            while (readBit() == 0) {
                if (++zeros > MAX_ZEROS) {
                    throw malformed("gamma code too long");
                }
            }
            int code = 1;
            for (int k = 0; k < zeros; k++) {
                code = code << 1 | readBit();
            }
            if (code > MAX_CODE) {
                throw malformed("gamma code above " + MAX_CODE);
            }
            return code - 1;
        }

        private int readBit() {
            if (remaining == 0) {
                throw malformed("stream ends inside a gamma code");
            }
            remaining--;
            int value = src[at] >>> bit & 1;
            if (++bit == 8) {
                bit = 0;
                at++;
            }
            return value;
        }
    }
}
