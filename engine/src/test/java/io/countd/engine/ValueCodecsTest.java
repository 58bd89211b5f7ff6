package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueCodecsTest {
    private static final ValueCodec IDENTITY = ValueCodec.identity();

    private static ValueCodec forOptions(ByteOrder order, Option... options) {
        EnumSet<Option> set = EnumSet.noneOf(Option.class);
        set.addAll(List.of(options));
        return ValueCodecs.forOptions(Option.toBits(set), order, IDENTITY);
    }

    @Test
    void rawValuesHaveNoCodec() {
        assertNull(forOptions(ByteOrder.BIG_ENDIAN));
        assertNull(forOptions(ByteOrder.BIG_ENDIAN, Option.LARGE));
    }

    @Test
    void followsTcPrecedenceDeflateBzipTcbsExcodec() {
        Option[] all = {Option.LARGE, Option.DEFLATE, Option.BZIP, Option.TCBS, Option.EXCODEC};
        assertInstanceOf(DeflateCodec.class, forOptions(ByteOrder.BIG_ENDIAN, all));
        assertInstanceOf(Bzip2Codec.class, forOptions(ByteOrder.BIG_ENDIAN, Option.BZIP, Option.TCBS, Option.EXCODEC));
        assertInstanceOf(TcbsCodec.class, forOptions(ByteOrder.BIG_ENDIAN, Option.TCBS, Option.EXCODEC));
        assertSame(IDENTITY, forOptions(ByteOrder.BIG_ENDIAN, Option.EXCODEC));
    }

    @Test
    void tcbsUsesTheFileByteOrder() {
        byte[] value = "hello hello hello hello world".getBytes(StandardCharsets.US_ASCII);
        ValueCodec big = forOptions(ByteOrder.BIG_ENDIAN, Option.TCBS);
        ValueCodec little = forOptions(ByteOrder.LITTLE_ENDIAN, Option.TCBS);
        assertEquals("8c020e0776c0fac002a403676075f6071e0806",
                HexFormat.of().formatHex(big.encode(value, 0, value.length)));
        assertEquals("4609381cd801eb030b900e9c81d5d91f782018",
                HexFormat.of().formatHex(little.encode(value, 0, value.length)));
    }

    @Test
    void anExcodecFileNeedsAnApplicationCodec() {
        TcException e = assertThrows(TcException.class,
                () -> ValueCodecs.forOptions(Option.EXCODEC.bit(), ByteOrder.BIG_ENDIAN, null));
        assertEquals(TcError.INVALID, e.error());
        assertInstanceOf(DeflateCodec.class,
                ValueCodecs.forOptions(Option.DEFLATE.bit() | Option.EXCODEC.bit(), ByteOrder.BIG_ENDIAN, null));
    }
}
