package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine reproduces the golden files of the reference implementation, byte for byte, in both
 * byte orders: the md5s in format-spec/vectors/tchdb-golden.tsv were taken from files written by
 * Debian's tchtest and tchmgr (big-endian) and by an upstream build (little-endian).
 */
class GoldenFilesTest {
    @TempDir
    Path dir;

    static Stream<Arguments> goldens() {
        return Vectors.load("tchdb-golden.tsv").stream()
                .map(row -> Arguments.of(Named.of(row.get("id") + " " + row.get("byte_order"), row)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void reproducesGoldenFile(Map<String, String> row) throws IOException {
        ByteOrder order = row.get("byte_order").equals("le") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        Path file = dir.resolve("casket");
        Workloads.run(row.get("id"), file, order);
        assertEquals(Long.parseLong(row.get("size")), Files.size(file), "size");
        assertEquals(row.get("md5"), TestFiles.md5(file), "md5");
    }
}
