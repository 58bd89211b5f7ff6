package io.countd.server.log;

import static io.countd.server.log.LogTesting.batch;
import static io.countd.server.log.LogTesting.config;
import static io.countd.server.log.LogTesting.frameBytes;
import static io.countd.server.log.LogTesting.later;
import static io.countd.server.log.LogTesting.link;
import static io.countd.server.log.LogTesting.log;
import static io.countd.server.log.LogTesting.mode;
import static io.countd.server.log.LogTesting.numbering;
import static io.countd.server.log.LogTesting.numbers;
import static io.countd.server.log.LogTesting.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.log.LogStatus.State;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logs whose bytes are not what the last writer meant: frames of an older generation left behind
 * by recycling, a torn last frame after a crash, garbage inside a sealed log.
 */
class StaleAndTornLogTest {
    @TempDir
    Path dir;

    /** Writes one frame per batch into a fresh sink and returns the frames' sizes. */
    private static List<Long> writeFrames(LogSink sink, long first, int... sizes) throws Exception {
        List<Long> lengths = new ArrayList<>();
        long seq = first;
        for (int n : sizes) {
            RecordBatch b = batch(seq, n);
            sink.write(b);
            lengths.add(frameBytes(b));
            seq += n;
        }
        return lengths;
    }

    private void overwrite(int slot, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(log(dir, slot), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }

    private byte[] read(int slot, long offset, int n) throws IOException {
        try (FileChannel ch = FileChannel.open(log(dir, slot), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(n);
            ch.read(b, offset);
            return b.array();
        }
    }

    private static long sum(List<Long> xs, int n) {
        return xs.subList(0, n).stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Records numbered with four digits all encode to the same size, so the new generation's
     * frames end exactly where old frames begin: the worst case, where only the generation in the
     * frame header tells a stale frame from a new one.
     */
    @Test
    void aRecycledLogShowsOnlyItsNewGeneration() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(1, 1, 0))) {
            LogSink sink = pool.openSink();
            List<Long> old = writeFrames(sink, 1000, 50, 50, 50, 50, 50, 50, 50, 50);
            sink.tick(later());
            try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                assertEquals(range(1000, 400), numbers(p));
                p.markApplied();
            }
            List<Long> fresh = writeFrames(sink, 2000, 50, 50);
            assertEquals(old.subList(0, 2), fresh, "frames of equal size");
            sink.tick(later());
            long sealAt = LogFormat.FIRST_FRAME + sum(fresh, 2);
            String tail = new String(read(0, sealAt + LogFormat.SEAL_FRAME_BYTES, 4000), StandardCharsets.ISO_8859_1);
            assertTrue(tail.contains("r1150"), "the old generation's frames are still in the file");
            try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                assertEquals(range(2000, 100), numbers(p));
                p.markApplied();
            }

            // three frames, abandoned unsealed: they end where old frame 4 (records 1150..1199) begins
            writeFrames(sink, 3000, 50, 50, 50);
            sink.force();
            ((PoolSink) sink).abandon();
            assertEquals(0600, mode(log(dir, 0)));
            assertTrue(Files.exists(link(dir, 0)));
            assertEquals(new LogStatus(0, State.HELD, pool.status().get(0).generation(), false), pool.status().get(0));
            try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                assertEquals(range(3000, 150), numbers(p));
                p.markApplied();
            }
        }
    }

    /** 0: the payload's last half zeroed; 1: one payload byte flipped; 2: the frame header's length garbled. */
    @ParameterizedTest(name = "damage kind {0}")
    @ValueSource(ints = {0, 1, 2})
    void aTornLastFrameIsDroppedAndTheLogSealedBeforeIt(int kind) throws Exception {
        List<Long> frames;
        long generation;
        try (CommitLogPool pool = CommitLogPool.open(dir, config(1, 2, 0))) {
            LogSink sink = pool.openSink();
            frames = writeFrames(sink, 0, 30, 40, 50);
            sink.force();
            generation = pool.status().get(0).generation();
            ((PoolSink) sink).abandon();
        }
        long third = LogFormat.FIRST_FRAME + sum(frames, 2);
        long length = frames.get(2);
        switch (kind) {
            case 0 -> overwrite(0, third + length / 2, new byte[(int) (length - length / 2)]);
            case 1 -> overwrite(0, third + length - 3, new byte[] {(byte) ~read(0, third + length - 3, 1)[0]});
            default -> overwrite(0, third, new byte[] {(byte) 0xff, (byte) 0xff, 0x7f});
        }
        try (CommitLogPool pool = CommitLogPool.open(dir, config(1, 2, 0))) {
            assertEquals(0200, mode(log(dir, 0)), "recovered at open");
            assertFalse(Files.exists(link(dir, 0)));
            ByteBuffer seal = ByteBuffer.wrap(read(0, third, LogFormat.SEAL_FRAME_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(LogFormat.SEAL_COUNT, seal.getInt(4), "a seal frame where the torn frame began");
            assertEquals(generation, seal.getLong(8));
            assertEquals(2, seal.getLong(20));
            assertEquals(70, seal.getLong(28));
            try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                assertEquals(range(0, 70), numbers(p));
                p.markApplied();
            }
        }
    }

    @Test
    void garbageInAMiddleFrameOfASealedLogIsDamage() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(1, 2, 0))) {
            LogSink sink = pool.openSink();
            List<Long> frames = writeFrames(sink, 0, 20, 20, 20);
            sink.close();
            long second = LogFormat.FIRST_FRAME + frames.get(0);
            overwrite(0, second + 30, "garbage".getBytes(StandardCharsets.US_ASCII));
            try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                List<Long> seen = new ArrayList<>();
                ReadSummary s = p.read(numbering(seen));
                assertEquals(range(0, 20), seen, "the records before the damage are visited");
                assertEquals(1, s.frames());
                assertEquals(20, s.records());
                assertFalse(s.intact());
                assertTrue(s.damage().contains("offset " + second) && s.damage().contains("checksum"), s.damage());
                p.markApplied();
            }
        }
    }

    /** A frame whose checksum is right but whose records are not is damage, and none of it is visited. */
    @Test
    void aChecksummedFrameWithABadRecordIsDamageAndNotVisitedInPart() throws Exception {
        long generation;
        try (CommitLogPool pool = CommitLogPool.open(dir, config(1, 2, 0))) {
            LogSink sink = pool.openSink();
            sink.write(batch(0, 5));
            generation = pool.status().get(0).generation();
            sink.close();
        }
        RecordBatch good = batch(0, 5);
        byte[] payload = new byte[good.bytes() + 5];
        good.payload().get(payload, 0, good.bytes());
        System.arraycopy(new byte[] {1, 'a', 1, 'b', 0}, 0, payload, good.bytes(), 5); // increment 0
        ByteBuffer header = ByteBuffer.allocate(LogFormat.FRAME_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        Frames.encodeHeader(header, 6, generation, ByteBuffer.wrap(payload), new CRC32C());
        long at = LogFormat.FIRST_FRAME;
        overwrite(0, at, header.array());
        overwrite(0, at + LogFormat.FRAME_HEADER_BYTES, payload);
        overwrite(0, at + LogFormat.FRAME_HEADER_BYTES + payload.length, Frames.seal(generation, 1, 6).array());
        try (CommitLogPool pool = CommitLogPool.open(dir, config(1, 2, 0));
                PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
            List<Long> seen = new ArrayList<>();
            ReadSummary s = p.read(numbering(seen));
            assertEquals(List.of(), seen);
            assertEquals(0, s.records());
            assertTrue(s.damage().contains("zero increment"), s.damage());
        }
    }

    @Test
    void staleLinksAndHeldModesAreSettledAtOpenByTheLogsContents() throws Exception {
        long sealedGeneration;
        try (CommitLogPool pool = CommitLogPool.open(dir, config(4, 4, 0))) {
            LogSink sink = pool.openSink();
            sink.write(batch(0, 3));
            sink.close();
            sealedGeneration = pool.status().get(0).generation();
        }
        Files.createLink(link(dir, 0), log(dir, 0)); // died after sealing, before unlinking
        Files.createLink(link(dir, 1), log(dir, 1)); // died after taking an empty log, before its header
        Files.setPosixFilePermissions(log(dir, 1), LogModeSets.HELD);
        Files.createLink(link(dir, 2), log(dir, 2)); // died after recycling, before unlinking
        Files.setPosixFilePermissions(log(dir, 3), LogModeSets.HELD); // held, link lost
        try (CommitLogPool pool = CommitLogPool.open(dir, config(4, 4, 0))) {
            assertEquals(List.of(new LogStatus(0, State.FULL, sealedGeneration, false),
                    new LogStatus(1, State.EMPTY, 0, false), new LogStatus(2, State.EMPTY, 0, false),
                    new LogStatus(3, State.EMPTY, 0, false)), pool.status());
            for (int slot = 0; slot < 4; slot++) {
                assertFalse(Files.exists(link(dir, slot)));
            }
            try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                assertEquals(range(0, 3), numbers(p));
                p.markApplied();
            }
            assertNull(pool.take(0, TimeUnit.SECONDS));
            assertNotNull(pool.status());
        }
    }
}
