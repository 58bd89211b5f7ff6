package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 8: Debian's {@code tchmgr list} reads a keyspace file that countd wrote: every key
 * with its count as an 8-byte signed little-endian value.
 */
class InteropIT {
    @TempDir
    Path dir;

    @Test
    void debiansTchmgrListsTheCountersOfAKeyspaceFile() throws Exception {
        TcOracle.requireBinaries();
        Path data = dir.resolve("data");
        Map<String, Long> want = Map.of("alpha", 3L, "beta", -7L, "gamma", 1L << 40, "delta", Long.MIN_VALUE);
        try (CountdProcess serve = CountdProcess.start(dir.resolve("stderr"), "Countd", "serve", "--data",
                data.toString(), "--write", "127.0.0.1:0", "--read", "127.0.0.1:0")) {
            List<byte[]> messages = want.entrySet().stream().map(e -> WireClient.message(e.getValue(), "interop", e.getKey()))
                    .toList();
            assertEquals(List.of("WIN", "WIN", "WIN", "WIN"), WireClient.sendAll(serve.address(0), messages, null));
            long deadline = System.currentTimeMillis() + 10_000;
            while (WireClient.read(serve.address(1), "interop", 0, 10).rows().size() < want.size()) {
                assertTrue(System.currentTimeMillis() < deadline, "applied within 10 s");
                Thread.sleep(50);
            }
            assertEquals(0, serve.terminate());
        }
        List<Path> files;
        try (var list = Files.list(data.resolve("keyspaces"))) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".tch")).toList();
        }
        assertEquals(1, files.size(), "one keyspace file: " + files);
        ProcessResult listing = TcOracle.run(dir, 60, "tchmgr", "list", "-pv", "-px", files.get(0).toString());
        assertEquals(0, listing.exitCode(), listing.toString());
        Map<String, Long> counters = new HashMap<>();
        for (String line : listing.out().split("\n")) {
            String[] kv = line.split("\t");
            byte[] key = HexFormat.of().parseHex(kv[0].replace(" ", ""));
            if (key.length > 0 && key[0] == 0) {
                continue; // countd's own records (rank index, marks) start with a NUL byte
            }
            byte[] value = HexFormat.of().parseHex(kv[1].replace(" ", ""));
            assertEquals(8, value.length, "an 8-byte count for " + new String(key));
            counters.put(new String(key), ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
        assertEquals(want, counters);
    }
}
