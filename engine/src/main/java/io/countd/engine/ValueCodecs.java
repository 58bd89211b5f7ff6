package io.countd.engine;

import java.nio.ByteOrder;

/** Chooses the codec of a file from its options, by TC's priority: DEFLATE, BZIP, TCBS, EXCODEC. */
final class ValueCodecs {
    private ValueCodecs() {
    }

    /**
     * The codec for a file with these option bits, or null if values are stored raw. For EXCODEC
     * the application's codec is returned (null if none was given; the caller refuses to open).
     */
    static ValueCodec forOptions(int opts, ByteOrder order, ValueCodec excodec) {
        if ((opts & Option.DEFLATE.bit()) != 0 || (opts & Option.BZIP.bit()) != 0
                || (opts & Option.TCBS.bit()) != 0) {
            throw new TcException(TcError.INVALID, "compressed files are not supported yet");
        }
        if ((opts & Option.EXCODEC.bit()) != 0) {
            return excodec;
        }
        return null;
    }
}
