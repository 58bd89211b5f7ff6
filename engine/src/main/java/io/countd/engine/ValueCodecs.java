package io.countd.engine;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Chooses the value codec a file's options call for. The built-in codecs it returns are shared,
 * stateless instances, safe for concurrent use.
 */
final class ValueCodecs {
    private static final ValueCodec DEFLATE = new DeflateCodec();
    private static final ValueCodec TCBS_BIG_ENDIAN = new TcbsCodec(ByteOrder.BIG_ENDIAN);
    private static final ValueCodec TCBS_LITTLE_ENDIAN = new TcbsCodec(ByteOrder.LITTLE_ENDIAN);

    private ValueCodecs() {
    }

    /**
     * The codec for values of a file with the given options byte, or {@code null} if its values are
     * stored raw. When several codec bits are set, TC uses the first of DEFLATE, BZIP, TCBS and
     * EXCODEC, and so does this method.
     *
     * @param optionBits the options byte of the file header
     * @param order the file's byte order, which TCBS uses for its unit indexes
     * @param excodec the application's codec, used only for {@link Option#EXCODEC}; may be null
     * @throws TcException with {@link TcError#INVALID} if the file needs an application codec and
     *     {@code excodec} is null, as TC refuses to open such a file without one, or needs bzip2 and
     *     Apache Commons Compress is not on the classpath, as TC built without libbzip2 refuses it
     */
    static ValueCodec forOptions(int optionBits, ByteOrder order, ValueCodec excodec) {
        Objects.requireNonNull(order, "order");
        if ((optionBits & Option.DEFLATE.bit()) != 0) {
            return DEFLATE;
        }
        if ((optionBits & Option.BZIP.bit()) != 0) {
            return OptionalCodec.BZIP2.codec();
        }
        if ((optionBits & Option.TCBS.bit()) != 0) {
            return order == ByteOrder.BIG_ENDIAN ? TCBS_BIG_ENDIAN : TCBS_LITTLE_ENDIAN;
        }
        if ((optionBits & Option.EXCODEC.bit()) != 0) {
            if (excodec == null) {
                throw new TcException(TcError.INVALID, "the file's values need an application codec (EXCODEC)");
            }
            return excodec;
        }
        return null;
    }

    /** The LZ4 codec of {@link ValueCodec#lz4()}. */
    static ValueCodec lz4() {
        return OptionalCodec.LZ4.codec();
    }

    /**
     * A codec that needs an optional library of the engine, loaded on first use only, so that
     * without the library everything that does not use the codec works. Both directions are tried
     * once, since each reaches classes of its own in the library and in the libraries it needs.
     */
    private enum OptionalCodec {
        BZIP2("the file's values are bzip2-compressed (option BZIP), which needs Apache Commons Compress: add the"
                + " dependency org.apache.commons:commons-compress (which brings commons-io) to the classpath") {
            @Override
            ValueCodec create() {
                return new Bzip2Codec();
            }
        },
        LZ4("the LZ4 codec needs lz4-java: add the dependency at.yawk.lz4:lz4-java to the classpath") {
            @Override
            ValueCodec create() {
                return new Lz4Codec();
            }
        };

        private final String missingMessage;
        private ValueCodec codec;
        private LinkageError missing;
        private boolean tried;

        OptionalCodec(String missingMessage) {
            this.missingMessage = missingMessage;
        }

        abstract ValueCodec create();

        synchronized ValueCodec codec() {
            if (!tried) {
                tried = true;
                try {
                    ValueCodec c = create();
                    byte[] empty = c.encode(new byte[0], 0, 0);
                    c.decode(empty, 0, empty.length);
                    codec = c;
                } catch (LinkageError e) {
                    missing = e;
                }
            }
            if (codec == null) {
                throw new TcException(TcError.INVALID, missingMessage, missing);
            }
            return codec;
        }
    }
}
