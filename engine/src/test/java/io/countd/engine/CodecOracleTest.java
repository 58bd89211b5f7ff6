package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.CodecOracle.Op;
import io.countd.engine.CodecVectors.Vector;
import io.countd.engine.oracle.TcOracle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Differential tests against Debian's libtokyocabinet, whose build writes big-endian files: TCBS
 * must match it byte for byte, deflate for small values, and all codecs must read each other's
 * output.
 */
class CodecOracleTest {
    private static final HexFormat HEX = HexFormat.of();
    /** Values up to this size deflate identically despite zlib's memory level 7 in TC (8 in Java). */
    private static final int DEFLATE_IDENTICAL_LIMIT = 4096;

    private final TcbsCodec tcbs = new TcbsCodec(ByteOrder.BIG_ENDIAN);
    private final DeflateCodec deflate = new DeflateCodec();
    private final Bzip2Codec bzip = new Bzip2Codec();
    private final Random random = new Random(20240611);

    @BeforeEach
    void requireLibrary() {
        TcOracle.requireDevLibrary();
    }

    @Test
    void sharedVectorsComeFromTheLibrary() {
        List<Vector> vectors = CodecVectors.all().stream().filter(v -> v.order() != ByteOrder.LITTLE_ENDIAN).toList();
        for (String codec : List.of("tcbs", "deflate", "bzip")) {
            List<Vector> mine = vectors.stream().filter(v -> v.codec().equals(codec)).toList();
            Op encode = codec.equals("tcbs") ? Op.TCBS_ENCODE : codec.equals("deflate") ? Op.DEFLATE_ENCODE : Op.BZIP_ENCODE;
            Op decode = codec.equals("tcbs") ? Op.TCBS_DECODE : codec.equals("deflate") ? Op.DEFLATE_DECODE : Op.BZIP_DECODE;
            List<byte[]> encoded = CodecOracle.apply(encode, mine.stream().map(Vector::input).toList());
            List<byte[]> decoded = CodecOracle.apply(decode, mine.stream().map(Vector::output).toList());
            for (int i = 0; i < mine.size(); i++) {
                assertArrayEquals(mine.get(i).output(), encoded.get(i), mine.get(i).toString());
                assertArrayEquals(mine.get(i).input(), decoded.get(i), mine.get(i).toString());
            }
        }
    }

    @Test
    void tcbsEncodesExactlyLikeTheLibrary() {
        List<byte[]> inputs = new ArrayList<>();
        for (int size = 0; size <= 80; size++) {
            for (int alphabet : new int[] {1, 2, 3, 256}) {
                inputs.add(randomBytes(size, alphabet));
            }
        }
        // Periodic units, where only TC's own treatment of equal rotations yields its index: both
        // sides of the radix threshold (64), buckets ending in insertion and in heap sort.
        for (int period : new int[] {1, 2, 3, 4, 7, 8, 16, 31, 100}) {
            byte[] pattern = randomBytes(period, 1 + period % 4);
            for (int size : new int[] {63, 64, 65, 127, 128, 256, 1000}) {
                inputs.add(repeat(pattern, size));
                inputs.add(repeat(pattern, size - size % period));
            }
        }
        for (int period : new int[] {1, 3, 256}) {
            inputs.add(repeat(randomBytes(period, 256), 2048));
        }
        for (int i = 0; i < 6; i++) {
            int size = TcbsCodec.UNIT - 3 + random.nextInt(3 * TcbsCodec.UNIT);
            inputs.add(randomBytes(size, i % 3 == 0 ? 256 : 2 + i));
        }
        byte[] twoUnits = randomBytes(TcbsCodec.UNIT + 600, 256);
        System.arraycopy(repeat(new byte[] {7, 7, 9}, 600), 0, twoUnits, TcbsCodec.UNIT, 600);
        inputs.add(twoUnits);
        byte[] nearlyPeriodic = repeat(new byte[] {1, 2, 3, 4}, 1000);
        nearlyPeriodic[500] = 0;
        inputs.add(nearlyPeriodic);

        assertMatches(Op.TCBS_ENCODE, inputs, v -> tcbs.encode(v, 0, v.length));
    }

    @Test
    void tcbsDecodesEveryAcceptedStreamExactlyLikeTheLibrary() {
        // TC decodes anything; the codec rejects streams no encoder writes, and must agree with TC on
        // all others, including indexes past their unit and last columns that are no real transform.
        List<byte[]> candidates = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            candidates.add(randomBytes(1 + random.nextInt(i < 300 ? 40 : 3000), 256));
        }
        for (int i = 0; i < 40; i++) {
            byte[] value = randomBytes(random.nextInt(2 * TcbsCodec.UNIT), 2 + random.nextInt(20));
            byte[] stored = tcbs.encode(value, 0, value.length);
            stored[random.nextInt(stored.length)] ^= (byte) (1 << random.nextInt(8));
            candidates.add(stored);
        }
        byte[] unit = randomBytes(300, 5);
        for (int index : new int[] {0, 299, 300, 301, 0x1234, 0xffff}) {
            candidates.add(TcbsStreams.packUnit(new byte[] {(byte) (index >> 8), (byte) index}, unit));
        }
        List<byte[]> accepted = new ArrayList<>();
        List<byte[]> decoded = new ArrayList<>();
        for (byte[] c : candidates) {
            try {
                decoded.add(tcbs.decode(c, 0, c.length));
                accepted.add(c);
            } catch (TcException e) {
                // A stream only a damaged file holds; TC would return a value for it, we report it.
            }
        }
        assertTrue(accepted.size() > candidates.size() / 4, accepted.size() + " of " + candidates.size() + " accepted");
        List<byte[]> expected = CodecOracle.apply(Op.TCBS_DECODE, accepted);
        for (int i = 0; i < accepted.size(); i++) {
            assertArrayEquals(expected.get(i), decoded.get(i), "stream " + HEX.formatHex(accepted.get(i)));
        }
    }

    @Test
    void theLibraryDecodesJavaTcbs() {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            values.add(randomBytes(random.nextInt(40_000), 1 + random.nextInt(256)));
        }
        List<byte[]> stored = values.stream().map(v -> tcbs.encode(v, 0, v.length)).toList();
        List<byte[]> decoded = CodecOracle.apply(Op.TCBS_DECODE, stored);
        for (int i = 0; i < values.size(); i++) {
            assertArrayEquals(values.get(i), decoded.get(i));
        }
    }

    @Test
    void deflateEncodesSmallValuesExactlyLikeTheLibrary() {
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            int size = i < 20 ? i : random.nextInt(DEFLATE_IDENTICAL_LIMIT + 1);
            inputs.add(i % 4 == 0 ? repeat(randomBytes(1 + i % 13, 256), size) : randomBytes(size, 1 + random.nextInt(256)));
        }
        assertMatches(Op.DEFLATE_ENCODE, inputs, v -> deflate.encode(v, 0, v.length));
    }

    @Test
    void deflateInteroperatesForLargeValues() {
        assertInteroperates(deflate, Op.DEFLATE_ENCODE, Op.DEFLATE_DECODE, 300_000);
    }

    @Test
    void bzipInteroperates() {
        assertInteroperates(bzip, Op.BZIP_ENCODE, Op.BZIP_DECODE, 20_000);
    }

    /** The library decodes our output and we decode its output, for values up to {@code maxSize}. */
    private void assertInteroperates(ValueCodec codec, Op encode, Op decode, int maxSize) {
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int size = i == 0 ? 0 : random.nextInt(maxSize);
            values.add(i % 2 == 0 ? randomBytes(size, 1 + random.nextInt(256)) : repeat(randomBytes(1 + i, 256), size));
        }
        List<byte[]> ours = values.stream().map(v -> codec.encode(v, 0, v.length)).toList();
        List<byte[]> decodedByC = CodecOracle.apply(decode, ours);
        List<byte[]> theirs = CodecOracle.apply(encode, values);
        for (int i = 0; i < values.size(); i++) {
            byte[] value = values.get(i);
            assertArrayEquals(value, decodedByC.get(i), "C decoding Java's output, value " + i);
            byte[] stored = theirs.get(i);
            assertArrayEquals(value, codec.decode(stored, 0, stored.length), "Java decoding C's output, value " + i);
        }
    }

    private static void assertMatches(Op op, List<byte[]> inputs, Function<byte[], byte[]> ours) {
        List<byte[]> expected = CodecOracle.apply(op, inputs);
        for (int i = 0; i < inputs.size(); i++) {
            byte[] input = inputs.get(i);
            byte[] wanted = expected.get(i);
            byte[] actual = ours.apply(input);
            assertArrayEquals(wanted, actual, () -> "input of " + input.length + " bytes: "
                    + HEX.formatHex(input, 0, Math.min(input.length, 64)) + "\nexpected "
                    + HEX.formatHex(wanted) + "\nactual   " + HEX.formatHex(actual));
        }
    }

    private byte[] randomBytes(int size, int alphabet) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) random.nextInt(alphabet);
        }
        return b;
    }

    private static byte[] repeat(byte[] pattern, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = pattern[i % pattern.length];
        }
        return b;
    }
}
