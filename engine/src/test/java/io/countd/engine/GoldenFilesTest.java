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
 * byte orders and both access modes (through a memory map and without one): the md5s in
 * format-spec/vectors/tchdb-golden.tsv were taken from files written by Debian's tchtest and
 * tchmgr (big-endian) and by an upstream build (little-endian).
 */
class GoldenFilesTest {
    @TempDir
    Path dir;

    /**
     * Every golden file in both modes, but for the million-record one without a map, which costs
     * a system call per access, about 15 seconds per byte order; write-100000 covers the same path.
     */
    static Stream<Arguments> goldens() {
        return Vectors.load("tchdb-golden.tsv").stream().flatMap(row -> Stream.of(true, false)
                .filter(mapped -> mapped || !row.get("id").equals("write-1000000"))
                .map(mapped -> Arguments.of(Named.of(row.get("id") + " " + row.get("byte_order"), row),
                        Named.of(mapped ? "mapped" : "unmapped", mapped))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("goldens")
    void reproducesGoldenFile(Map<String, String> row, boolean mapped) throws IOException {
        ByteOrder order = row.get("byte_order").equals("le") ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        Path file = dir.resolve("casket");
        Workloads.run(row.get("id"), file, order, mapped);
        assertEquals(Long.parseLong(row.get("size")), Files.size(file), "size");
        assertEquals(row.get("md5"), TestFiles.md5(file), "md5");
    }
}
