package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The C codec that format-spec/tchdb-codecs.md (section 5.1) gives for {@link ValueCodec#lz4()},
 * compiled from the document itself against Debian's libtokyocabinet and liblz4, reads the engine's
 * LZ4 files and writes files the engine reads.
 */
class Lz4CodecOracleTest {
    private static final Path SPEC = Path.of("..", "format-spec", "tchdb-codecs.md");

    private Path program;

    @BeforeEach
    void compile() throws IOException {
        TcOracle.requireLz4DevLibrary();
        String spec = Files.readString(SPEC);
        Matcher m = Pattern.compile("### 5\\.1 .*?```c\\n(.*?)```", Pattern.DOTALL).matcher(spec);
        assertTrue(m.find(), "no C block in section 5.1 of " + SPEC);
        String main = new String(TcOracle.resource("/native/lz4_codec_main.c"), StandardCharsets.UTF_8);
        program = TcOracle.compileSource("lz4_codec", m.group(1) + "\n" + main, "lz4");
    }

    private static Map<String, byte[]> values() {
        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put("empty", new byte[0]);
        values.put("short", "a".getBytes(StandardCharsets.US_ASCII));
        values.put("text", "the quick brown fox ".repeat(300).getBytes(StandardCharsets.US_ASCII));
        values.put("counter", "42".getBytes(StandardCharsets.US_ASCII));
        return values;
    }

    @Test
    void cReadsWhatTheEngineWrites(@TempDir Path dir) {
        Path file = dir.resolve("java.tch");
        try (HashDatabase db = HashDatabase.builder(file).options(Option.EXCODEC).codec(ValueCodec.lz4()).open()) {
            values().forEach((k, v) -> db.put(k.getBytes(StandardCharsets.US_ASCII), v));
        }
        ProcessResult r = TcOracle.run(dir, 60, program.toString(), "read", file.toString());
        assertEquals(0, r.exitCode(), r.toString());
        Map<String, String> read = new TreeMap<>();
        for (String line : new String(r.stdout(), StandardCharsets.US_ASCII).split("\n")) {
            String[] kv = line.split("\t", -1);
            read.put(kv[0], kv[1]);
        }
        Map<String, String> expected = new TreeMap<>();
        values().forEach((k, v) -> expected.put(k, HexFormat.of().formatHex(v)));
        assertEquals(expected, read);
    }

    @Test
    void theEngineReadsWhatCWrites(@TempDir Path dir) {
        Path file = dir.resolve("c.tch");
        String text = "the quick brown fox ".repeat(300);
        ProcessResult r = TcOracle.run(dir, 60, program.toString(), "write", file.toString(), "text", text, "short",
                "a", "counter", "42");
        assertEquals(0, r.exitCode(), r.toString());
        try (HashDatabase db = HashDatabase.builder(file).readOnly().codec(ValueCodec.lz4()).open()) {
            assertEquals(3, db.count());
            assertArrayEquals(text.getBytes(StandardCharsets.US_ASCII), db.get("text".getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals("a".getBytes(StandardCharsets.US_ASCII), db.get("short".getBytes(StandardCharsets.US_ASCII)));
            assertArrayEquals("42".getBytes(StandardCharsets.US_ASCII), db.get("counter".getBytes(StandardCharsets.US_ASCII)));
        }
    }
}
