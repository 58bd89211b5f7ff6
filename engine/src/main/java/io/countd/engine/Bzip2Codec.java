package io.countd.engine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * The {@link Option#BZIP} value format: one complete bzip2 stream ({@code BZh9}, 900 kB blocks),
 * with nothing added. The empty value encodes to 14 bytes.
 *
 * <p>The codec uses Apache Commons Compress rather than libbzip2, so encoded bytes may differ from
 * TC's; both decode either output. Decoding reads the first stream and ignores any bytes after it,
 * as libbzip2 does for TC. Input that is not a complete, CRC-correct bzip2 stream, or that would
 * decode beyond the largest Java array, is rejected with {@link TcError#MISC}.
 *
 * <p>Instances are stateless and thread-safe. Encoding allocates bzip2's block buffers (several
 * megabytes at block size 9) on every call, which TC's libbzip2 does too.
 */
final class Bzip2Codec implements ValueCodec {
    private static final int BLOCK_SIZE = 9;

    @Override
    public byte[] encode(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(len / 2 + 64);
        try (OutputStream out = new BZip2CompressorOutputStream(bytes, BLOCK_SIZE)) {
            out.write(src, off, len);
        } catch (IOException e) {
            throw new TcException(TcError.MISC, "bzip2 compression failed", e);
        }
        return bytes.toByteArray();
    }

    @Override
    public byte[] decode(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(src, off, len))) {
            byte[] buf = DecodeBuffers.forStored(len);
            int pos = 0;
            int n;
            do {
                if (pos == buf.length) {
                    buf = DecodeBuffers.grow(buf);
                }
                n = in.read(buf, pos, buf.length - pos);
                pos += Math.max(n, 0);
            } while (n >= 0);
            return Arrays.copyOf(buf, pos);
        } catch (TcException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Commons Compress reports damage as IOException. A runtime exception from its decoder
            // on crafted input would equally mean an invalid stored value, and the contract allows
            // no other exception type to escape.
            throw new TcException(TcError.MISC, "invalid bzip2 data: " + e.getMessage(), e);
        }
    }
}
