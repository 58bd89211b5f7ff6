package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.CodecVectors.Vector;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Checks the codecs against the shared vectors in {@value CodecVectors#FILE}. */
class CodecVectorsTest {

    static Stream<Vector> vectors() {
        return CodecVectors.all().stream();
    }

    static Stream<Vector> exactVectors() {
        // bzip vectors are libbzip2's output; Commons Compress encodes differently but compatibly.
        return vectors().filter(v -> !v.codec().equals("bzip"));
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void decodesTheStoredBytes(Vector v) {
        ValueCodec codec = CodecVectors.codecFor(v);
        assertArrayEquals(v.input(), codec.decode(v.output(), 0, v.output().length), v.toString());
    }

    @ParameterizedTest
    @MethodSource("exactVectors")
    void encodesToTheStoredBytes(Vector v) {
        ValueCodec codec = CodecVectors.codecFor(v);
        byte[] encoded = codec.encode(v.input(), 0, v.input().length);
        assertArrayEquals(v.output(), encoded,
                () -> v + "\nexpected " + HexFormat.of().formatHex(v.output()) + "\nactual   " + HexFormat.of().formatHex(encoded));
    }

    @Test
    void coversWhatTheSpecificationPromises() {
        List<Vector> tcbs = CodecVectors.of("tcbs");
        assertTrue(tcbs.size() >= 20, "at least 20 TCBS vectors");
        assertTrue(tcbs.stream().anyMatch(v -> v.input().length > 2 * TcbsCodec.UNIT), "a TCBS vector of three units");
        assertTrue(tcbs.stream().anyMatch(v -> v.input().length == TcbsCodec.UNIT && isPeriodic(v.input())),
                "a full periodic TCBS unit");
        assertTrue(tcbs.stream().anyMatch(v -> v.order() == ByteOrder.LITTLE_ENDIAN), "a little-endian TCBS vector");
        assertTrue(CodecVectors.of("deflate").size() >= 5, "deflate vectors");
        assertTrue(CodecVectors.of("bzip").size() >= 3, "bzip vectors");
    }

    private static boolean isPeriodic(byte[] b) {
        for (int p = 1; p < b.length; p++) {
            if (b.length % p == 0 && isPeriod(b, p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPeriod(byte[] b, int p) {
        for (int i = p; i < b.length; i++) {
            if (b[i] != b[i - p]) {
                return false;
            }
        }
        return true;
    }
}
