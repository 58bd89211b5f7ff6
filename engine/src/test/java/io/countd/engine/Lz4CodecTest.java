package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Lz4CodecTest {
    private final ValueCodec codec = ValueCodec.lz4();

    @Test
    void storesTheEmptyValueAsALengthAndAnEmptyBlock() {
        assertEquals("0000000000", HexFormat.of().formatHex(codec.encode(new byte[0], 0, 0)));
        assertArrayEquals(new byte[0], codec.decode(new byte[5], 0, 5));
    }

    @Test
    void prefixesTheLengthLittleEndianAndCompresses() {
        byte[] value = "abcd".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        byte[] stored = codec.encode(value, 0, value.length);
        assertEquals("409c0000", HexFormat.of().formatHex(stored, 0, 4));
        assertTrue(stored.length < 400, "stored " + stored.length + " bytes");
        assertArrayEquals(value, codec.decode(stored, 0, stored.length));
    }

    @Test
    void roundTripsRandomValuesAtAnOffset() {
        Random random = new Random(7);
        for (int size : new int[] {1, 2, 15, 16, 17, 255, 4096, 70_000}) {
            byte[] buf = new byte[size + 10];
            random.nextBytes(buf);
            byte[] stored = codec.encode(buf, 3, size);
            byte[] framed = new byte[stored.length + 6];
            System.arraycopy(stored, 0, framed, 2, stored.length);
            assertArrayEquals(Arrays.copyOfRange(buf, 3, 3 + size), codec.decode(framed, 2, stored.length));
        }
    }

    @Test
    void refusesWhatTheEncoderCannotHaveWritten() {
        byte[] stored = codec.encode("hello hello hello".getBytes(StandardCharsets.US_ASCII), 0, 17);
        byte[] longer = stored.clone();
        longer[0]++;
        byte[] shorter = stored.clone();
        shorter[0]--;
        byte[] huge = stored.clone();
        huge[3] = 0x7f;
        byte[] cut = Arrays.copyOf(stored, stored.length - 1);
        for (byte[] bad : new byte[][] {new byte[0], new byte[4], longer, shorter, huge, cut}) {
            TcException e = assertThrows(TcException.class, () -> codec.decode(bad, 0, bad.length),
                    HexFormat.of().formatHex(bad));
            assertEquals(TcError.MISC, e.error());
        }
    }

    @Test
    void anExcodecFileWithTheCodecReadsBackAndStoresTheEncodedForm(@TempDir Path dir) {
        Path file = dir.resolve("lz4.tch");
        byte[] value = "counter ".repeat(500).getBytes(StandardCharsets.US_ASCII);
        try (HashDatabase db = HashDatabase.builder(file).options(Option.EXCODEC).codec(codec).open()) {
            db.put("k".getBytes(StandardCharsets.US_ASCII), value);
            db.append("k".getBytes(StandardCharsets.US_ASCII), "!".getBytes(StandardCharsets.US_ASCII));
        }
        try (HashDatabase db = HashDatabase.builder(file).readOnly().codec(codec).open()) {
            byte[] expected = Arrays.copyOf(value, value.length + 1);
            expected[value.length] = '!';
            assertArrayEquals(expected, db.get("k".getBytes(StandardCharsets.US_ASCII)));
        }
        try (HashDatabase db = HashDatabase.builder(file).readOnly().codec(ValueCodec.identity()).open()) {
            byte[] stored = db.get("k".getBytes(StandardCharsets.US_ASCII));
            assertTrue(stored.length < 100, "stored " + stored.length + " bytes");
            assertEquals("a10f0000", HexFormat.of().formatHex(stored, 0, 4));
        }
        assertTrue(Files.exists(file));
    }
}
