package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TcbsCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] HELLO = "hello hello hello hello world".getBytes(StandardCharsets.US_ASCII);

    private final TcbsCodec bigEndian = new TcbsCodec(ByteOrder.BIG_ENDIAN);
    private final TcbsCodec littleEndian = new TcbsCodec(ByteOrder.LITTLE_ENDIAN);

    @Test
    void encodesTheReferenceExampleInBothByteOrders() {
        assertEquals("8c020e0776c0fac002a403676075f6071e0806", HEX.formatHex(bigEndian.encode(HELLO, 0, HELLO.length)));
        assertEquals("4609381cd801eb030b900e9c81d5d91f782018", HEX.formatHex(littleEndian.encode(HELLO, 0, HELLO.length)));
    }

    @Test
    void encodesTheEmptyValueAsOneByte() {
        assertArrayEquals(new byte[] {3}, bigEndian.encode(new byte[0], 0, 0));
        assertArrayEquals(new byte[0], bigEndian.decode(new byte[] {3}, 0, 1));
    }

    @Test
    void honoursOffsetsAndLengths() {
        byte[] padded = new byte[HELLO.length + 7];
        System.arraycopy(HELLO, 0, padded, 3, HELLO.length);
        byte[] encoded = bigEndian.encode(padded, 3, HELLO.length);
        assertArrayEquals(bigEndian.encode(HELLO, 0, HELLO.length), encoded);
        byte[] framed = new byte[encoded.length + 5];
        System.arraycopy(encoded, 0, framed, 2, encoded.length);
        assertArrayEquals(HELLO, bigEndian.decode(framed, 2, encoded.length));
    }

    @Test
    void theByteOrderOnlyAffectsTheUnitIndex() {
        // 'banana' sorts its unrotated form at position 3; 'nnbaaa' is its last column.
        byte[] unit = "nnbaaa".getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(TcbsStreams.packUnit(new byte[] {0, 3}, unit), bigEndian.encode(bytes("banana"), 0, 6));
        assertArrayEquals(TcbsStreams.packUnit(new byte[] {3, 0}, unit), littleEndian.encode(bytes("banana"), 0, 6));
    }

    @Test
    void treatsAnIndexPastTheUnitAsZeroAsTcDoes() {
        byte[] unit = "nnbaaa".getBytes(StandardCharsets.US_ASCII);
        for (byte[] index : List.of(new byte[] {0, 6}, new byte[] {0, 7}, new byte[] {(byte) 0xff, (byte) 0xff})) {
            byte[] stream = TcbsStreams.packUnit(index, unit);
            // Index 0 selects the first sorted rotation of 'banana'.
            assertArrayEquals(bytes("abanan"), bigEndian.decode(stream, 0, stream.length), HEX.formatHex(index));
        }
    }

    @Test
    void sortsPathologicalUnitsQuickly() {
        // Byte-wise rotation sorting, as in TC, takes minutes on these; prefix doubling takes milliseconds.
        int size = 64 * TcbsCodec.UNIT;
        List<byte[]> inputs = List.of(new byte[size], periodic("ab", size), periodic("abcabcabd", size),
                periodic("x".repeat(TcbsCodec.UNIT - 1) + "y", size));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (byte[] input : inputs) {
                byte[] encoded = bigEndian.encode(input, 0, input.length);
                assertArrayEquals(input, bigEndian.decode(encoded, 0, encoded.length));
            }
        });
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        Random random = new Random(7);
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            byte[] b = new byte[random.nextInt(3 * TcbsCodec.UNIT)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) random.nextInt(1 + i % 5);
            }
            inputs.add(b);
        }
        List<byte[]> expected = inputs.stream().map(b -> bigEndian.encode(b, 0, b.length)).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < inputs.size(); i++) {
                    byte[] in = inputs.get(i);
                    byte[] out = expected.get(i);
                    results.add(pool.submit(() -> Arrays.equals(out, bigEndian.encode(in, 0, in.length))
                            && Arrays.equals(in, bigEndian.decode(out, 0, out.length))));
                }
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] periodic(String period, int size) {
        byte[] p = bytes(period);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = p[i % p.length];
        }
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
