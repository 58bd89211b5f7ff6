package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Bzip2CodecTest {
    private final Bzip2Codec codec = new Bzip2Codec();

    @Test
    void encodesTheEmptyValueAsTheFourteenByteEmptyStream() {
        // Stream header 'BZh9', end-of-stream magic, combined CRC 0: libbzip2 writes the same bytes.
        assertEquals("425a683917724538509000000000", HexFormat.of().formatHex(codec.encode(new byte[0], 0, 0)));
    }

    @Test
    void writesBlockSizeNine() {
        byte[] value = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
        byte[] stored = codec.encode(value, 0, value.length);
        assertEquals("BZh9", new String(stored, 0, 4, StandardCharsets.US_ASCII));
        assertArrayEquals(value, codec.decode(stored, 0, stored.length));
    }

    @Test
    void ignoresBytesAfterTheEndOfTheStream() {
        byte[] value = "hello hello hello hello world".getBytes(StandardCharsets.US_ASCII);
        byte[] stored = codec.encode(value, 0, value.length);
        byte[] withGarbage = Arrays.copyOf(stored, stored.length + 9);
        Arrays.fill(withGarbage, stored.length, withGarbage.length, (byte) 0x5a);
        assertArrayEquals(value, codec.decode(withGarbage, 0, withGarbage.length));
    }
}
