package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Decoding damaged stored values: a codec either rejects them with error 9999 or, where the format
 * cannot tell (TCBS has no checksum, and random bytes can form a valid deflate stream), returns some
 * value; it never throws anything else, hangs or exhausts memory.
 */
class CodecMalformedInputTest {
    private static final Duration LIMIT = Duration.ofSeconds(1);

    private final DeflateCodec deflate = new DeflateCodec();
    private final Bzip2Codec bzip = new Bzip2Codec();
    private final TcbsCodec tcbs = new TcbsCodec(ByteOrder.BIG_ENDIAN);

    @Test
    void deflateRejectsEveryTruncation() {
        for (byte[] value : samples()) {
            byte[] stored = deflate.encode(value, 0, value.length);
            // Dropping only TC's trailing 0x00 leaves a complete stream, so cut into the stream itself.
            for (int len = 0; len < stored.length - 1; len++) {
                assertRejected(deflate, Arrays.copyOf(stored, len));
            }
        }
    }

    @Test
    void deflateRejectsInvalidBlocks() {
        assertRejected(deflate, hex("07"));            // final block of reserved type 3
        assertRejected(deflate, hex("0105001234"));    // stored block whose length check fails
        assertRejected(deflate, hex("010100feff"));    // stored block missing its one byte
    }

    @Test
    void bzipRejectsEveryTruncation() {
        for (byte[] value : samples()) {
            byte[] stored = bzip.encode(value, 0, value.length);
            for (int len = 0; len < stored.length; len++) {
                assertRejected(bzip, Arrays.copyOf(stored, len));
            }
        }
    }

    @Test
    void bzipNeverDecodesADamagedStreamToAWrongValue() {
        // Some bits do not matter (padding, the block size digit for a small block, unused code
        // lengths); every other damaged bit is caught by the format checks or the block CRC.
        byte[] value = "hello hello hello hello world, hello counters".getBytes(StandardCharsets.US_ASCII);
        byte[] stored = bzip.encode(value, 0, value.length);
        int rejected = 0;
        for (int i = 0; i < stored.length; i++) {
            byte[] damaged = stored.clone();
            damaged[i] ^= (byte) (1 << (i % 8));
            byte[] decoded = decodeOrNull(bzip, damaged);
            if (decoded == null) {
                rejected++;
            } else {
                assertArrayEquals(value, decoded, "byte " + i);
            }
        }
        assertTrue(rejected > stored.length * 3 / 4, rejected + " of " + stored.length + " damaged bytes rejected");
        assertRejected(bzip, hex("425a6839"));         // a header and nothing else
        assertRejected(bzip, hex("425a6830"));         // block size digit 0
        assertRejected(bzip, "BZh9garbagegarbage".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void tcbsRejectsStreamsNoEncoderWrites() {
        assertRejected(tcbs, new byte[0]);
        for (int marker = 0; marker < 3; marker++) {
            assertRejected(tcbs, new byte[] {(byte) marker});    // fewer than zero code bits
        }
        assertRejected(tcbs, TcbsStreams.fromBits("1 1 1 000000000 1000000000"));  // nine leading zeros
        assertRejected(tcbs, TcbsStreams.fromBits("1 1 1 00000000 100000001"));    // 257: byte 256
        assertRejected(tcbs, TcbsStreams.fromBits("1 1 1 001"));                   // code cut short
        assertRejected(tcbs, TcbsStreams.fromBits("1 1 1 0000"));                  // cut in its zeros
        assertRejected(tcbs, TcbsStreams.fromBits("1"));                           // half an index
        assertRejected(tcbs, TcbsStreams.fromBits("1 1"));                         // index, no data
        String fullUnit = "1".repeat(2 + TcbsCodec.UNIT);
        assertRejected(tcbs, TcbsStreams.fromBits(fullUnit + "1"));
        assertRejected(tcbs, TcbsStreams.fromBits(fullUnit + "11"));
        assertRejected(tcbs, new byte[1 << 16]);                                      // all zeros
    }

    @Test
    void tcbsAcceptsTheLargestCodeAndTheBoundaryUnits() {
        // 256 (byte 255) is the one code with eight leading zeros that an encoder writes.
        byte[] stream = TcbsStreams.fromBits("1 1 00000000 100000000");
        assertEquals(1, tcbs.decode(stream, 0, stream.length).length);
        String fullUnit = "1".repeat(2 + TcbsCodec.UNIT);
        stream = TcbsStreams.fromBits(fullUnit + "111");
        assertEquals(TcbsCodec.UNIT + 1, tcbs.decode(stream, 0, stream.length).length);
    }

    @Test
    void tcbsTruncationsAreRejectedOrDecodeToSomeValue() {
        for (byte[] value : samples()) {
            byte[] stored = tcbs.encode(value, 0, value.length);
            for (int len = 0; len < stored.length; len++) {
                assertRejectedOrDecoded(tcbs, Arrays.copyOf(stored, len));
            }
        }
    }

    @Test
    void garbageIsRejectedOrDecodedQuickly() {
        Random random = new Random(11);
        List<ValueCodec> codecs = List.of(deflate, bzip, tcbs, new TcbsCodec(ByteOrder.LITTLE_ENDIAN));
        for (int i = 0; i < 250; i++) {
            byte[] garbage = new byte[random.nextInt(i < 200 ? 64 : 70_000)];
            random.nextBytes(garbage);
            for (ValueCodec codec : codecs) {
                assertRejectedOrDecoded(codec, garbage);
            }
        }
        for (ValueCodec codec : codecs) {
            assertRejectedOrDecoded(codec, new byte[1 << 20]);
            byte[] ones = new byte[1 << 20];
            Arrays.fill(ones, (byte) 0xff);
            assertRejectedOrDecoded(codec, ones);
        }
    }

    @Test
    void flippedBitsAreRejectedOrDecodedQuickly() {
        Random random = new Random(12);
        for (ValueCodec codec : List.of(deflate, bzip, tcbs)) {
            for (byte[] value : samples()) {
                byte[] stored = codec.encode(value, 0, value.length);
                for (int i = 0; i < 40; i++) {
                    byte[] damaged = stored.clone();
                    damaged[random.nextInt(damaged.length)] ^= (byte) (1 << random.nextInt(8));
                    assertRejectedOrDecoded(codec, damaged);
                }
            }
        }
    }

    private static List<byte[]> samples() {
        List<byte[]> samples = new ArrayList<>();
        samples.add(new byte[0]);
        samples.add("hello hello hello hello world".getBytes(StandardCharsets.US_ASCII));
        byte[] random = new byte[200];
        new Random(5).nextBytes(random);
        samples.add(random);
        samples.add("counter:".repeat(1036).getBytes(StandardCharsets.US_ASCII));   // two TCBS units
        return samples;
    }

    private static void assertRejected(ValueCodec codec, byte[] stored) {
        TcException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(TcException.class, () -> codec.decode(stored, 0, stored.length),
                        () -> describe(codec, stored)));
        assertEquals(9999, e.code(), () -> describe(codec, stored));
    }

    private static void assertRejectedOrDecoded(ValueCodec codec, byte[] stored) {
        decodeOrNull(codec, stored);
    }

    /** The decoded value, or null if the codec rejected the input with error 9999. */
    private static byte[] decodeOrNull(ValueCodec codec, byte[] stored) {
        return assertTimeoutPreemptively(LIMIT, () -> {
            try {
                return codec.decode(stored, 0, stored.length);
            } catch (TcException e) {
                assertEquals(9999, e.code(), () -> describe(codec, stored));
                return null;
            }
        }, () -> describe(codec, stored));
    }

    private static String describe(ValueCodec codec, byte[] stored) {
        String hex = HexFormat.of().formatHex(stored, 0, Math.min(stored.length, 48));
        return codec.getClass().getSimpleName() + " decoding " + stored.length + " bytes " + hex
                + (stored.length > 48 ? "..." : "");
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
