package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3: a recycled log that a new writer only partly rewrote before it died, ending in a
 * torn frame, gives exact counts: the new generation's acknowledged records once, none of the
 * older generation's records that still fill the rest of the file, and nothing of the torn frame.
 * The torn frame is made by hand from the layout of format-spec/commitlog.md §4: a frame header
 * announcing a payload of which only part was written, as a writer leaves it when it dies inside
 * an unacknowledged write.
 */
class StaleAndTornLogIT {
    private static final int FIRST_FRAME = 4096;
    private static final int FRAME_HEADER = 20;

    @TempDir
    Path dir;

    @Test
    void aPartlyRewrittenRecycledLogWithATornTailCountsExactly() throws Exception {
        String data = dir.resolve("data").toString();
        Random random = new Random(5);
        Expected expected = new Expected();
        // One log, so the second writer is sure to take the log the first one filled.
        String[] pool = {"--log-size", "2m", "--min-logs", "1", "--max-logs", "1", "--idle-seal", "200ms"};
        List<byte[]> first = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) {
            String key = "k" + random.nextInt(500);
            first.add(WireClient.message(1, "stale", key));
            expected.add("stale", key, 1);
        }
        try (CountdProcess writer = CountdProcess.start(dir.resolve("stderr"), "CountdWrite", args(data, pool));
                CountdProcess worker = CountdProcess.start(dir.resolve("stderr"), "CountdWorker", "--data", data);
                CountdProcess reader = CountdProcess.start(dir.resolve("stderr"), "CountdRead", "--data", data,
                        "--listen", "127.0.0.1:0")) {
            assertTrue(WireClient.sendAll(writer.address(0), first, null).stream().allMatch("WIN"::equals));
            expected.awaitReadable(reader.address(0), 30_000);
            assertEquals(0, worker.terminate());
            assertEquals(0, writer.terminate());
        }
        Path log = dir.resolve("data/logs/0000000000");
        long oldGeneration = generation(log);
        long oldEnd = validFramesEnd(log, oldGeneration);
        assertTrue(oldEnd > 256 << 10, "the first generation filled a good part of the log: " + oldEnd);

        List<byte[]> second = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            second.add(WireClient.message(1000, "stale", "new-" + i));
            expected.add("stale", "new-" + i, 1000);
        }
        try (CountdProcess writer = CountdProcess.start(dir.resolve("stderr"), "CountdWrite", args(data, pool))) {
            assertTrue(WireClient.sendAll(writer.address(0), second, null).stream().allMatch("WIN"::equals));
            writer.kill();
        }
        long newGeneration = generation(log);
        assertTrue(newGeneration > oldGeneration, "the log was taken again");
        long newEnd = validFramesEnd(log, newGeneration);
        assertTrue(newEnd < oldEnd, "the new generation rewrote only the start of the log");

        // The dead writer's next frame, torn: its header announces 4000 bytes, 1000 made it to disk.
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ByteBuffer torn = ByteBuffer.allocate(FRAME_HEADER + 1000).order(ByteOrder.LITTLE_ENDIAN);
            torn.putInt(4000).putInt(100).putLong(newGeneration).putInt(0x12345678);
            while (torn.hasRemaining()) {
                torn.put((byte) random.nextInt());
            }
            ch.write(torn.flip(), newEnd);
        }

        try (CountdProcess worker = CountdProcess.start(dir.resolve("stderr"), "CountdWorker", "--data", data);
                CountdProcess reader = CountdProcess.start(dir.resolve("stderr"), "CountdRead", "--data", data,
                        "--listen", "127.0.0.1:0")) {
            expected.awaitReadable(reader.address(0), 30_000);
            Thread.sleep(1500); // anything applied twice would show up by now
            expected.awaitReadable(reader.address(0), 1_000);
            assertEquals(0, worker.terminate());
        }
        try (var files = Files.list(dir.resolve("data"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals("quarantine")),
                    "a torn tail of an abandoned log is not damage");
        }
    }

    private static String[] args(String data, String[] pool) {
        List<String> a = new ArrayList<>(List.of("--data", data, "--listen", "127.0.0.1:0"));
        a.addAll(List.of(pool));
        return a.toArray(String[]::new);
    }

    private static ByteBuffer read(Path log) throws Exception {
        return ByteBuffer.wrap(Files.readAllBytes(log)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long generation(Path log) throws Exception {
        return read(log).getLong(16);
    }

    /** The offset after the last frame of {@code generation} in the run starting at 4096. */
    private static long validFramesEnd(Path log, long generation) throws Exception {
        ByteBuffer b = read(log);
        int at = FIRST_FRAME;
        while (at + FRAME_HEADER <= b.limit() && b.getLong(at + 8) == generation) {
            int length = b.getInt(at);
            if (length <= 0 || at + FRAME_HEADER + length > b.limit()) {
                break;
            }
            at += FRAME_HEADER + length;
        }
        return at;
    }
}
