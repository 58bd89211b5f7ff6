package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Tokyo Cabinet's own value codecs, called the way the hash database calls them, through the C
 * program {@code native/codec_oracle.c}. Each call runs one process for a whole batch of inputs.
 */
final class CodecOracle {
    /** The operations of codec_oracle.c. */
    enum Op {
        TCBS_ENCODE("bs-enc"), TCBS_DECODE("bs-dec"),
        DEFLATE_ENCODE("raw-enc"), DEFLATE_DECODE("raw-dec"),
        BZIP_ENCODE("bz-enc"), BZIP_DECODE("bz-dec");

        private final String name;

        Op(String name) {
            this.name = name;
        }
    }

    private static final HexFormat HEX = HexFormat.of();
    private static final String EMPTY = "-";

    private CodecOracle() {
    }

    /**
     * The library's result for each input, in order; null where the library reported a failure.
     * Requires the C library (see {@link TcOracle#requireDevLibrary()}).
     */
    static List<byte[]> apply(Op op, List<byte[]> inputs) {
        Path exe = TcOracle.compile("codec_oracle");
        StringBuilder requests = new StringBuilder();
        for (byte[] input : inputs) {
            requests.append(op.name).append(' ').append(input.length == 0 ? EMPTY : HEX.formatHex(input)).append('\n');
        }
        ProcessResult r = TcOracle.run(exe.getParent(), 300, Map.of(),
                requests.toString().getBytes(StandardCharsets.US_ASCII), exe.toString());
        if (r.exitCode() != 0) {
            fail("codec_oracle failed\n" + r);
        }
        String out = r.out();
        List<String> lines = out.isEmpty() ? List.of() : List.of(out.split("\n"));
        assertEquals(inputs.size(), lines.size(), "one result line per request");
        List<byte[]> results = new ArrayList<>(lines.size());
        for (String line : lines) {
            results.add(line.equals("ERR") ? null : line.equals(EMPTY) ? new byte[0] : HEX.parseHex(line));
        }
        return results;
    }
}
