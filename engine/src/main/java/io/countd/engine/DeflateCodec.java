package io.countd.engine;

import java.util.Arrays;
import java.util.Objects;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The {@link Option#DEFLATE} value format: a raw deflate stream (RFC 1951, no zlib or gzip
 * wrapper) followed by one 0x00 byte that is part of the stored value.
 *
 * <p>TC compresses at level 5 with the default strategy and zlib's memory level 7. Java's
 * {@link Deflater} always uses memory level 8; the two produce the same bytes for small values
 * (checked against the C library for values of up to a few kilobytes) but may differ for larger ones.
 * Either output decodes in both implementations. The empty value encodes to {@code 03 00 00}.
 *
 * <p>Decoding inflates until the end of the deflate stream and ignores any bytes after it (the
 * trailing 0x00 among them), as TC does. Input that is not a complete deflate stream, or that would
 * inflate beyond the largest Java array, is rejected with {@link TcError#MISC}.
 *
 * <p>Instances are stateless and thread-safe: each call uses its own {@link Deflater} or
 * {@link Inflater} and releases its native memory before returning.
 */
final class DeflateCodec implements ValueCodec {
    private static final int LEVEL = 5;

    @Override
    public byte[] encode(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        Deflater deflater = new Deflater(LEVEL, true);
        try {
            deflater.setInput(src, off, len);
            deflater.finish();
            // zlib's bound for raw deflate plus the trailing byte; growing below is only a safety net.
            long bound = (long) len + (len >> 12) + (len >> 14) + (len >> 25) + 14;
            byte[] buf = new byte[(int) Math.min(bound, DecodeBuffers.MAX_DECODED_SIZE)];
            int pos = 0;
            while (!deflater.finished()) {
                if (pos == buf.length) {
                    buf = DecodeBuffers.grow(buf);
                }
                pos += deflater.deflate(buf, pos, buf.length - pos);
            }
            // The new array is zero-filled, which supplies TC's trailing 0x00.
            return Arrays.copyOf(buf, pos + 1);
        } finally {
            deflater.end();
        }
    }

    @Override
    public byte[] decode(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(src, off, len);
            byte[] buf = DecodeBuffers.forStored(len);
            int pos = 0;
            while (!inflater.finished()) {
                if (pos == buf.length) {
                    buf = DecodeBuffers.grow(buf);
                }
                int remaining = inflater.getRemaining();
                int n = inflater.inflate(buf, pos, buf.length - pos);
                // With room for output, no progress at all means the stream needs bytes it lacks.
                if (n == 0 && inflater.getRemaining() == remaining) {
                    throw malformed("truncated stream", null);
                }
                pos += n;
            }
            return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
        } catch (DataFormatException e) {
            throw malformed(e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static TcException malformed(String why, Throwable cause) {
        return new TcException(TcError.MISC, "invalid deflate data: " + why, cause);
    }
}
