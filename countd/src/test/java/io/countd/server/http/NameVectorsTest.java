package io.countd.server.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.countd.engine.TestFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Names in JSON and in paths against {@code format-spec/vectors/countd-http-names.tsv}. */
class NameVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    @TestFactory
    Stream<DynamicTest> everyVectorHolds() throws IOException {
        List<String[]> rows = Files.readAllLines(TestFiles.projectRoot().resolve("format-spec/vectors/countd-http-names.tsv"),
                StandardCharsets.UTF_8).stream().filter(l -> !l.startsWith("#")).skip(1).map(l -> l.split("\t", -1)).toList();
        assertTrue(rows.size() >= 80, "vectors present");
        return rows.stream().map(r -> DynamicTest.dynamicTest(r[0] + " " + abbreviate(r[1]) + " " + abbreviate(r[2]),
                () -> check(r[0], HEX.parseHex(r[1]), r[2])));
    }

    private static void check(String kind, byte[] name, String text) throws Exception {
        switch (kind) {
            case "json" -> {
                StringWriter out = new StringWriter();
                try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
                    NameJson.write(g, name, name.length);
                }
                assertEquals(JSON.readTree(text), JSON.readTree(out.toString()), "the JSON form");
                assertArrayEquals(name, NameJson.read(JSON.readTree(text)), "the JSON form reads back");
            }
            case "segment" -> {
                assertEquals(text, PathNames.encode(name));
                assertArrayEquals(name, PathNames.decode(text));
            }
            case "decode" -> assertArrayEquals(name, PathNames.decode(text));
            case "invalid" -> assertThrows(PathNames.BadSegmentException.class, () -> PathNames.decode(text));
            default -> throw new AssertionError("unknown kind " + kind);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "…";
    }
}
