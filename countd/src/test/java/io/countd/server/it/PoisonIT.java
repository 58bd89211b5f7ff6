package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keyspace whose file cannot be applied to (damaged behind countd's back) is a poison: the
 * worker tries it a few times, then sets its records aside in the quarantine with a log line and
 * moves on. The other keyspaces of the same logs are applied, the logs are recycled, nothing is
 * retried for ever, and a read of the damaged keyspace gets an error response.
 */
class PoisonIT {
    @TempDir
    Path dir;

    @Test
    void aDamagedKeyspaceIsQuarantinedAndTheOthersAreApplied() throws Exception {
        Path data = dir.resolve("data");
        String[] serve = {"serve", "--data", data.toString(), "--write", "127.0.0.1:0", "--read", "127.0.0.1:0",
            "--idle-seal", "200ms"};
        try (CountdProcess s = CountdProcess.start(dir.resolve("stderr"), "Countd", serve)) {
            assertEquals(List.of("WIN"), WireClient.sendAll(s.address(0), List.of(WireClient.message(1, "poison", "k")),
                    null));
            awaitRows(s, "poison", 1);
            assertEquals(0, s.terminate());
        }
        Path file;
        try (var files = Files.list(data.resolve("keyspaces"))) {
            file = files.filter(p -> p.getFileName().toString().startsWith("poison.")).findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap("this is no longer a hash database".getBytes(StandardCharsets.US_ASCII)), 0);
        }

        try (CountdProcess s = CountdProcess.start(dir.resolve("stderr"), "Countd", serve)) {
            List<byte[]> messages = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                messages.add(WireClient.message(i + 1, "poison", "p" + i));
                messages.add(WireClient.message(2, "healthy", "h" + (i % 10)));
            }
            List<String> replies = WireClient.sendAll(s.address(0), messages, null);
            assertTrue(replies.size() == messages.size() && replies.stream().allMatch("WIN"::equals));
            awaitRows(s, "healthy", 10);
            for (WireClient.Row r : WireClient.all(s.address(1), "healthy".getBytes(StandardCharsets.UTF_8), 100)) {
                assertEquals(20, r.count(), "the healthy keyspace of the same logs is applied: " + r);
            }
            awaitQuarantine(data.resolve("quarantine"));
            long deadline = System.currentTimeMillis() + 20_000;
            while (new CrashIT.PoolFiles(data.resolve("logs")).pending() > 0) {
                assertTrue(System.currentTimeMillis() < deadline, "the logs are recycled: nothing is retried for ever");
                Thread.sleep(100);
            }
            List<String> records = new ArrayList<>();
            try (var files = Files.list(data.resolve("quarantine"))) {
                for (Path q : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".tsv"))::iterator) {
                    List<String> lines = Files.readAllLines(q);
                    assertEquals("# keyspace\t" + HexFormat.of().formatHex("poison".getBytes(StandardCharsets.UTF_8)),
                            lines.get(3));
                    assertTrue(lines.get(4).startsWith("# reason\t"), lines.get(4));
                    lines.stream().filter(l -> !l.startsWith("#")).forEach(records::add);
                }
            }
            assertEquals(100, records.size(), "every record of the poisoned keyspace is kept");
            assertTrue(records.contains(HexFormat.of().formatHex("p7".getBytes(StandardCharsets.UTF_8)) + "\t8"));

            WireClient.Answer read = WireClient.read(s.address(1), "poison", 0, 10);
            assertNotNull(read.error(), "a read of the damaged keyspace gets an error response");
            assertTrue(s.stderr().contains("quarantined the records of keyspace poison"), s.stderr());
            assertEquals(0, s.terminate());
        }
    }

    private static void awaitRows(CountdProcess s, String keyspace, int rows) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (WireClient.all(s.address(1), keyspace.getBytes(StandardCharsets.UTF_8), 100).size() < rows) {
            assertTrue(System.currentTimeMillis() < deadline, keyspace + " applied within 20 s");
            Thread.sleep(50);
        }
    }

    private static void awaitQuarantine(Path dir) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.isDirectory(dir)) {
                try (var files = Files.list(dir)) {
                    var found = files.filter(p -> p.getFileName().toString().endsWith(".tsv")).findFirst();
                    if (found.isPresent()) {
                        return;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no quarantine file within 20 s");
    }
}
