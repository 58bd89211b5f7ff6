package io.countd.server.rank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Comparing through key prefixes gives the rank order itself, for keys of every length and bytes
 * (NUL and 0xFF included, where zero padding could mislead).
 */
class RankOrderTest {
    /** Keys of 1 to 12 bytes from a small alphabet, so that prefixes often tie. */
    private static Gen<byte[]> keys() {
        return lists().of(integers().between(0, 3)).ofSizeBetween(1, 12).map(l -> {
            byte[] k = new byte[l.size()];
            int[] alphabet = {0x00, 0x01, 0x61, 0xFF};
            for (int i = 0; i < k.length; i++) {
                k[i] = (byte) alphabet[l.get(i)];
            }
            return k;
        });
    }

    @Test
    void comparingWithPrefixesIsTheRankOrder() {
        qt().withExamples(20_000).forAll(integers().between(1, 3), keys(), integers().between(1, 3), keys())
                .checkAssert((ca, a, cb, b) -> assertEquals(
                        Integer.signum(RankOrder.compare(ca, a, cb, b)),
                        Integer.signum(RankOrder.compare(ca, RankOrder.prefix(a), a, cb, RankOrder.prefix(b), b)),
                        () -> List.of(ca, java.util.HexFormat.of().formatHex(a), cb,
                                java.util.HexFormat.of().formatHex(b)).toString()));
    }

    @Test
    void aPrefixIsTheFirstEightBytesBigEndian() {
        assertEquals(0x6100000000000000L, RankOrder.prefix(new byte[] {0x61}));
        assertEquals(0x0102030405060708L, RankOrder.prefix(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
        assertEquals(0xFF00000000000000L, RankOrder.prefix(new byte[] {(byte) 0xFF}));
    }
}
