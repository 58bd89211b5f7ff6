package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeflateCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private final DeflateCodec codec = new DeflateCodec();

    @Test
    void encodesLikeTcWithItsTrailingZeroByte() {
        byte[] hello = "hello hello hello hello world".getBytes(StandardCharsets.US_ASCII);
        assertEquals("cb48cdc9c957c8c020cbf38b725200" + "00", HEX.formatHex(codec.encode(hello, 0, hello.length)));
        assertEquals("030000", HEX.formatHex(codec.encode(new byte[0], 0, 0)));
    }

    @Test
    void ignoresBytesAfterTheEndOfTheStream() {
        byte[] value = "counter".getBytes(StandardCharsets.US_ASCII);
        byte[] stored = codec.encode(value, 0, value.length);
        byte[] withoutTrailingZero = Arrays.copyOf(stored, stored.length - 1);
        byte[] withGarbage = Arrays.copyOf(stored, stored.length + 9);
        Arrays.fill(withGarbage, stored.length, withGarbage.length, (byte) 0xa5);
        assertArrayEquals(value, codec.decode(withoutTrailingZero, 0, withoutTrailingZero.length));
        assertArrayEquals(value, codec.decode(withGarbage, 0, withGarbage.length));
    }

    @Test
    void roundTripsValuesLargerThanItsFirstOutputBuffer() {
        // 4 MB of zeros deflate to about 4 kB, so decoding must grow its buffer many times.
        byte[] zeros = new byte[4 << 20];
        byte[] stored = codec.encode(zeros, 0, zeros.length);
        assertArrayEquals(zeros, codec.decode(stored, 0, stored.length));
        byte[] random = new byte[300_000];
        new Random(3).nextBytes(random);
        stored = codec.encode(random, 0, random.length);
        assertArrayEquals(random, codec.decode(stored, 0, stored.length));
    }
}
