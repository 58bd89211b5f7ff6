package io.countd.engine;

import java.util.Arrays;
import java.util.Objects;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * An application codec for {@link Option#EXCODEC} files: LZ4 block compression through lz4-java,
 * an optional dependency of the engine (see {@link ValueCodec#lz4()}).
 *
 * <p>Stored form: the value's length as a 4-byte little-endian integer, then one LZ4 block (the
 * raw block format of liblz4's {@code LZ4_compress_default}, no frame) holding the whole value.
 * The empty value is stored as {@code 00 00 00 00 00}. C Tokyo Cabinet reads such a file with a
 * codec of the same form registered (format-spec/tchdb-codecs.md, section 5.1).
 *
 * <p>It uses lz4-java's pure-Java implementation: no native library, nothing that Java 24 and later
 * warn about. Decoding refuses, with {@link TcError#MISC}, stored bytes that are not such a value:
 * shorter than 5 bytes, a length beyond what the block can expand to, a damaged block, or a block
 * that decodes to another length. Instances are stateless and thread-safe.
 */
final class Lz4Codec implements ValueCodec {
    /** Bytes before the block: the value's length. */
    static final int HEADER = 4;
    /** LZ4 cannot expand a block by more than this factor (a 1-byte token copies at most 255 more). */
    private static final int MAX_RATIO = 255;

    private final LZ4Compressor compressor;
    private final LZ4SafeDecompressor decompressor;

    Lz4Codec() {
        LZ4Factory factory = LZ4Factory.safeInstance();
        compressor = factory.fastCompressor();
        decompressor = factory.safeDecompressor();
    }

    @Override
    public byte[] encode(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        byte[] out = new byte[HEADER + compressor.maxCompressedLength(len)];
        out[0] = (byte) len;
        out[1] = (byte) (len >>> 8);
        out[2] = (byte) (len >>> 16);
        out[3] = (byte) (len >>> 24);
        int n = compressor.compress(src, off, len, out, HEADER, out.length - HEADER);
        return Arrays.copyOf(out, HEADER + n);
    }

    @Override
    public byte[] decode(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        if (len <= HEADER) {
            throw new TcException(TcError.MISC, "invalid LZ4 value: " + len + " stored bytes");
        }
        long size = (src[off] & 0xFFL) | (src[off + 1] & 0xFFL) << 8 | (src[off + 2] & 0xFFL) << 16
                | (src[off + 3] & 0xFFL) << 24;
        long blockSize = len - HEADER;
        if (size > Math.min((long) DecodeBuffers.MAX_DECODED_SIZE, blockSize * MAX_RATIO)) {
            throw new TcException(TcError.MISC, "invalid LZ4 value: length " + size + " from a block of " + blockSize
                    + " bytes");
        }
        byte[] out = new byte[(int) size];
        try {
            int n = decompressor.decompress(src, off + HEADER, (int) blockSize, out, 0, out.length);
            if (n != size) {
                throw new TcException(TcError.MISC, "invalid LZ4 value: the block holds " + n + " bytes, not " + size);
            }
            return out;
        } catch (LZ4Exception | IndexOutOfBoundsException e) {
            throw new TcException(TcError.MISC, "invalid LZ4 value: " + e.getMessage(), e);
        }
    }
}
