package io.countd.server.log;

import static io.countd.server.log.LogTesting.batch;
import static io.countd.server.log.LogTesting.config;
import static io.countd.server.log.LogTesting.later;
import static io.countd.server.log.LogTesting.log;
import static io.countd.server.log.LogTesting.numbering;
import static io.countd.server.log.LogTesting.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.log.LogDetails.State;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PoolInspector} on a real pool of this process: every state with its records and holder,
 * the records of a log while it is written, damage before a seal, and nothing on disk changed by
 * looking.
 */
class PoolInspectorTest {
    private static final long PID = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    /** Every file of the logs folder with its mode, size and modification time. */
    private TreeMap<String, String> snapshot() throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir.resolve("logs"))) {
            for (Path p : d) {
                out.put(p.getFileName().toString(), LogTesting.mode(p) + " " + Files.size(p) + " "
                        + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }

    @Test
    void eachStateIsReportedWithItsRecordsAndHolderAndLookingChangesNothing() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(3, 4, 0))) {
            LogSink sink = pool.openSink();
            sink.write(batch(0, 10));
            sink.write(batch(10, 5));
            sink.force();

            TreeMap<String, String> before = snapshot();
            List<LogDetails> logs = PoolInspector.inspect(dir);
            assertEquals(before, snapshot(), "inspecting changes nothing");
            assertEquals(3, logs.size());
            LogDetails writing = logs.get(0);
            assertEquals(State.HELD, writing.state());
            assertEquals(0600, writing.mode());
            assertEquals(OptionalLong.of(PID), writing.holderPid(), "the holder, from /proc/locks");
            assertEquals(2, writing.frames());
            assertEquals(15, writing.records());
            assertFalse(writing.sealed());
            assertEquals(List.of(), writing.problems());
            assertTrue(writing.generation() > 0);
            assertEquals(State.EMPTY, logs.get(1).state());
            assertEquals(0, logs.get(1).generation());

            List<Long> seen = new ArrayList<>();
            LogDetails read = PoolInspector.read(dir, 0, numbering(seen));
            assertEquals(range(0, 15), seen, "a log being written reads up to its last frame");
            assertEquals(writing, read);

            sink.tick(later());
            LogDetails full = PoolInspector.inspect(dir).get(0);
            assertEquals(State.FULL, full.state());
            assertEquals(0200, full.mode());
            assertTrue(full.sealed());
            assertEquals(15, full.records());
            assertEquals(OptionalLong.empty(), full.holderPid());

            try (PendingLog p = pool.take(10, TimeUnit.SECONDS)) {
                LogDetails applying = PoolInspector.inspect(dir).get(0);
                assertEquals(State.HELD, applying.state());
                assertTrue(applying.sealed());
                assertEquals(OptionalLong.of(PID), applying.holderPid());
                p.markApplied();
            }
            LogDetails applied = PoolInspector.inspect(dir).get(0);
            assertEquals(State.EMPTY, applied.state());
            assertEquals(full.generation(), applied.generation(), "an empty log keeps the generation of its last use");
            assertEquals(0, applied.records(), "an applied log holds no pending record");
            seen.clear();
            PoolInspector.read(dir, 0, numbering(seen));
            assertEquals(List.of(), seen);

            sink.write(batch(100, 7));
            sink.force();
            ((PoolSink) sink).abandon();
            LogDetails abandoned = PoolInspector.inspect(dir).get(0);
            assertEquals(State.ABANDONED, abandoned.state(), "a link without a live holder");
            assertEquals(7, abandoned.records());
            assertEquals(List.of(), abandoned.problems(), "an unsealed abandoned log is recovered, not damaged");
            assertEquals(OptionalLong.empty(), abandoned.holderPid());
        }
    }

    @Test
    void damageBeforeTheSealIsAProblemAndItsRecordsAreNotDelivered() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(1, 2, 0))) {
            LogSink sink = pool.openSink();
            sink.write(batch(0, 10));
            sink.write(batch(10, 10));
            sink.close();
        }
        // Flip a byte inside the second frame's payload: its checksum no longer matches.
        long second = LogFormat.FIRST_FRAME + LogTesting.frameBytes(batch(0, 10));
        try (FileChannel ch = FileChannel.open(log(dir, 0), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, second + 30);
            b.put(0, (byte) ~b.get(0)).rewind();
            ch.write(b, second + 30);
        }
        List<Long> seen = new ArrayList<>();
        LogDetails d = PoolInspector.read(dir, 0, numbering(seen));
        assertEquals(State.FULL, d.state());
        assertEquals(range(0, 10), seen);
        assertEquals(10, d.records());
        assertFalse(d.sealed());
        assertEquals(1, d.problems().size(), d.problems()::toString);
        assertTrue(d.problems().get(0).contains("checksum"), d.problems()::toString);
    }

    @Test
    void aFolderWithoutLogsHasNoneAndIsNotCreated() throws Exception {
        assertEquals(List.of(), PoolInspector.inspect(dir));
        assertFalse(Files.exists(dir.resolve("logs")));
        assertThrows(NoSuchFileException.class, () -> PoolInspector.read(dir, 3, null));
    }

    @Test
    void procLocksLinesAreMatchedByFileAndByteRange() {
        List<String> lines = List.of(
                "1: POSIX  ADVISORY  WRITE 4242 fe:01:777 3 5",
                "1: -> POSIX  ADVISORY  WRITE 4343 fe:01:777 9 9",
                "2: POSIX  ADVISORY  READ 4444 fe:01:777 7 7",
                "3: OFDLCK ADVISORY  WRITE -1 fe:01:777 8 8",
                "4: POSIX  ADVISORY  WRITE 4545 fe:01:778 10 10",
                "5: FLOCK  ADVISORY  WRITE 4646 fe:01:777 0 EOF",
                "6: POSIX  ADVISORY  WRITE 4747 fe:01:777 100 EOF");
        HolderLocks locks = HolderLocks.parse(lines, "fe:01:777");
        assertEquals(OptionalLong.empty(), locks.holder(2));
        assertEquals(OptionalLong.of(4242), locks.holder(3));
        assertEquals(OptionalLong.of(4242), locks.holder(5), "merged adjacent locks");
        assertEquals(OptionalLong.empty(), locks.holder(7), "a read lock is not a holder");
        assertEquals(OptionalLong.empty(), locks.holder(8));
        assertEquals(OptionalLong.empty(), locks.holder(9), "a waiter holds nothing");
        assertEquals(OptionalLong.empty(), locks.holder(10), "another inode");
        assertEquals(OptionalLong.of(4747), locks.holder(1_000_000));
        assertEquals("fe:00:2154634", HolderLocks.fileId(0xfe00, 2154634));
        assertEquals("103:10:5", HolderLocks.fileId((259L << 8) | 0x10, 5), "major above 255");
    }
}
