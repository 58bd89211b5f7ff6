package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Every codec decodes what it encodes, for random values and for the repetitive ones values often are. */
class CodecRoundTripTest {
    private static final int MAX_SIZE = 40_000;

    @Test
    void tcbsBigEndian() {
        roundTrips(new TcbsCodec(ByteOrder.BIG_ENDIAN), 80);
    }

    @Test
    void tcbsLittleEndian() {
        roundTrips(new TcbsCodec(ByteOrder.LITTLE_ENDIAN), 40);
    }

    @Test
    void deflate() {
        roundTrips(new DeflateCodec(), 100);
    }

    @Test
    void bzip() {
        // Commons Compress needs up to a few hundred milliseconds for 40 kB of repetitive data.
        roundTrips(new Bzip2Codec(), 20);
    }

    private static void roundTrips(ValueCodec codec, int examples) {
        qt().withExamples(examples).forAll(values()).checkAssert(value -> {
            byte[] stored = codec.encode(value, 0, value.length);
            assertArrayEquals(value, codec.decode(stored, 0, stored.length));
        });
    }

    /**
     * Random bytes, bytes from a three-letter alphabet, short patterns repeated, and runs. Values are
     * drawn from a seed rather than element by element, which keeps 40 kB examples cheap; shrinking
     * still reduces the kind and the size.
     */
    static Gen<byte[]> values() {
        return integers().between(0, 3).zip(integers().between(0, MAX_SIZE), longs().all(), CodecRoundTripTest::value);
    }

    private static byte[] value(int kind, int size, long seed) {
        Random random = new Random(seed);
        byte[] b = new byte[size];
        switch (kind) {
            case 0 -> random.nextBytes(b);
            case 1 -> fill(b, () -> random.nextInt(3));
            case 2 -> {
                byte[] pattern = new byte[1 + random.nextInt(40)];
                for (int i = 0; i < pattern.length; i++) {
                    pattern[i] = (byte) random.nextInt(4);
                }
                for (int i = 0; i < size; i++) {
                    b[i] = pattern[i % pattern.length];
                }
            }
            default -> {
                for (int i = 0; i < size; ) {
                    int end = Math.min(size, i + 1 + random.nextInt(500));
                    Arrays.fill(b, i, end, (byte) random.nextInt(256));
                    i = end;
                }
            }
        }
        return b;
    }

    private static void fill(byte[] b, IntSupplier next) {
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) next.getAsInt();
        }
    }
}
