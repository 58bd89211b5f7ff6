package io.countd.server.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Encoding and decoding of nodes: exact round trips, and every malformed input refused with
 * {@link CorruptIndexException}. The published vectors are checked by the store's record test.
 */
class NodeCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void smallLeafHasTheDocumentedBytes() {
        Node leaf = Nodes.leaf("7:61,-2:6263");
        assertEquals("00" + "02" + "0000000000000007" + "01" + "61" + "fffffffffffffffe" + "02" + "6263",
                HEX.formatHex(NodeCodec.encode(leaf)));
    }

    @Test
    void smallBranchHasTheDocumentedBytes() {
        Node branch = Nodes.branch(1, "3/200,9/130/5:6b");
        assertEquals("01" + "02" + "0000000000000003" + "c801" + "0000000000000009" + "8201" + "0000000000000005"
                + "01" + "6b", HEX.formatHex(NodeCodec.encode(branch)));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomNodesRoundTrip(long seed) {
        Random rnd = new Random(seed);
        for (int round = 0; round < 300; round++) {
            Node node = rnd.nextBoolean() ? randomLeaf(rnd) : randomBranch(rnd);
            byte[] bytes = NodeCodec.encode(node);
            Node back = NodeCodec.decode(bytes);
            assertEquals(Nodes.describe(node), Nodes.describe(back));
            assertArrayEquals(bytes, NodeCodec.encode(back));
        }
    }

    @Test
    void everyTruncationIsRefused() {
        Random rnd = new Random(11);
        for (int round = 0; round < 40; round++) {
            byte[] bytes = NodeCodec.encode(round % 2 == 0 ? randomLeaf(rnd) : randomBranch(rnd));
            for (int len = 0; len < bytes.length; len++) {
                byte[] cut = Arrays.copyOf(bytes, len);
                assertThrows(CorruptIndexException.class, () -> NodeCodec.decode(cut), "length " + len);
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThrows(CorruptIndexException.class, () -> NodeCodec.decode(longer));
        }
    }

    @Test
    void damagedBytesDecodeExactlyOrAreRefused() {
        Random rnd = new Random(12);
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = NodeCodec.encode(round % 2 == 0 ? randomLeaf(rnd) : randomBranch(rnd));
            int flips = 1 + rnd.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            try {
                Node n = NodeCodec.decode(bytes);
                assertArrayEquals(bytes, NodeCodec.encode(n), "a decoded node must re-encode to its bytes");
            } catch (CorruptIndexException expected) {
                // refused: the only acceptable failure
            } catch (RuntimeException other) {
                fail("damaged node " + HEX.formatHex(bytes) + " gave " + other, other);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",                                            // nothing
        "0000",                                        // leaf of width 0
        "01" + "01" + "0000000000000001" + "05",       // branch of width 1
        "30" + "01",                                   // level 48
        "00" + "8101",                                 // leaf width 129
        "00" + "01" + "0000000000000000" + "01" + "61", // count 0
        "00" + "01" + "0000000000000001" + "00",       // key of length 0
        "00" + "01" + "0000000000000001" + "8102",     // key of length 257
        "00" + "01" + "0000000000000001" + "8100" + "61", // overlong varint
        "00" + "02" + "0000000000000001" + "01" + "62" + "0000000000000001" + "01" + "61", // keys out of order
        "00" + "02" + "0000000000000001" + "01" + "61" + "0000000000000002" + "01" + "62", // counts out of order
        "00" + "02" + "0000000000000001" + "01" + "61" + "0000000000000001" + "01" + "61", // duplicate
        "01" + "02" + "0000000000000000" + "01" + "0000000000000002" + "01" + "0000000000000001" + "01" + "61", // id 0
        "01" + "02" + "0000000000000001" + "00" + "0000000000000002" + "01" + "0000000000000001" + "01" + "61", // size 0
        "00" + "01" + "0000000000000001" + "01" + "61" + "00", // trailing byte
    })
    void malformedNodesAreRefused(String hex) {
        byte[] bytes = HEX.parseHex(hex);
        assertThrows(CorruptIndexException.class, () -> NodeCodec.decode(bytes));
    }

    @Test
    void nodesOverTheCapacityAreRefused() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            sb.append(i == 0 ? "" : ",").append(100 - i).append(':').append("61".repeat(256));
        }
        Node big = Nodes.leaf(sb.toString());
        assertThrows(CorruptIndexException.class, () -> NodeCodec.decode(NodeCodec.encode(big)));
    }

    static Node randomLeaf(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (RankModel.Row r : distinctEntries(rnd, 1 + rnd.nextInt(12))) {
            sb.append(sb.length() == 0 ? "" : ",").append(r.count()).append(':').append(HEX.formatHex(r.key()));
        }
        return Nodes.leaf(sb.toString());
    }

    static Node randomBranch(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (RankModel.Row r : distinctEntries(rnd, 2 + rnd.nextInt(10))) {
            long size = 1 + (rnd.nextBoolean() ? rnd.nextInt(300) : rnd.nextLong() >>> 8);
            boolean first = sb.length() == 0;
            sb.append(first ? "" : ",").append(1 + rnd.nextInt(1 << 20)).append('/').append(size);
            if (!first) {
                sb.append('/').append(r.count()).append(':').append(HEX.formatHex(r.key()));
            }
        }
        return Nodes.branch(1 + rnd.nextInt(5), sb.toString());
    }

    /** {@code n} distinct entries in rank order. */
    private static TreeSet<RankModel.Row> distinctEntries(Random rnd, int n) {
        TreeSet<RankModel.Row> set = new TreeSet<>((a, b) -> RankOrder.compare(a.count(), a.key(), b.count(), b.key()));
        while (set.size() < n) {
            set.add(new RankModel.Row(randomCount(rnd), randomKey(rnd)));
        }
        return set;
    }

    private static long randomCount(Random rnd) {
        long c = switch (rnd.nextInt(4)) {
            case 0 -> rnd.nextInt(5) - 2;
            case 1 -> rnd.nextLong();
            case 2 -> Long.MAX_VALUE - rnd.nextInt(3);
            default -> Long.MIN_VALUE + rnd.nextInt(3);
        };
        return c == 0 ? 1 : c;
    }

    private static byte[] randomKey(Random rnd) {
        byte[] k = new byte[1 + (rnd.nextInt(8) == 0 ? rnd.nextInt(256) : rnd.nextInt(6))];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (1 + rnd.nextInt(255));
        }
        return k;
    }
}
