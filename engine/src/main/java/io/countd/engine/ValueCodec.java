package io.countd.engine;

/**
 * Transforms values on their way into and out of a file: the engine stores {@code encode(value)}
 * and returns {@code decode(stored)}. Keys are never transformed.
 *
 * <p>The engine's own codecs (deflate, bzip2, TCBS) implement this interface; an application
 * supplies one for files created with {@link Option#EXCODEC}.
 *
 * <p>Implementations must be thread-safe: readers of one handle call {@link #decode} concurrently.
 */
public interface ValueCodec {
    /**
     * Encodes {@code len} bytes of {@code src} from {@code off}.
     *
     * @param src holds the value
     * @param off where the value starts in {@code src}
     * @param len the value's length
     * @return the stored form, never {@code null}
     */
    byte[] encode(byte[] src, int off, int len);

    /**
     * Decodes {@code len} stored bytes of {@code src} from {@code off}.
     *
     * @param src holds the stored bytes
     * @param off where they start in {@code src}
     * @param len how many there are
     * @return the original value, never {@code null}
     * @throws TcException with {@link TcError#MISC} if the bytes are not a valid encoding
     */
    byte[] decode(byte[] src, int off, int len);

    /**
     * The codec that stores values unchanged: what Debian's {@code tchmgr} and {@code tchtest}
     * register for {@link Option#EXCODEC} files, their build having no LZMA or LZO.
     *
     * @return the shared identity codec
     */
    static ValueCodec identity() {
        return IdentityCodec.INSTANCE;
    }

    /**
     * LZ4 compression for {@link Option#EXCODEC} files: each value stored as its length (4 bytes,
     * little-endian) and one LZ4 block. Needs lz4-java on the classpath, an optional dependency of
     * the engine ({@code at.yawk.lz4:lz4-java}). C Tokyo Cabinet reads and writes such files only
     * with the same codec registered through {@code tchdbsetcodecfunc}; the format specification
     * (tchdb-codecs.md, section 5.1) shows one in C. The codec is thread-safe.
     *
     * @return the shared LZ4 codec
     * @throws TcException with {@link TcError#INVALID} if lz4-java is not on the classpath
     */
    static ValueCodec lz4() {
        return ValueCodecs.lz4();
    }
}
