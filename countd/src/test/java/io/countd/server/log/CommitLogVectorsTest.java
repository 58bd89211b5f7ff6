package io.countd.server.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.TestFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The encoders and decoders agree byte for byte with {@code format-spec/vectors/commitlog-*.tsv},
 * which an independent implementation of the spec produced.
 */
class CommitLogVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    /** The data rows of a vector file, as fields. */
    static List<String[]> rows(String file) throws IOException {
        Path p = TestFiles.projectRoot().resolve("format-spec/vectors").resolve(file);
        List<String[]> out = new ArrayList<>();
        boolean header = true;
        for (String line : Files.readAllLines(p)) {
            if (line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            out.add(line.split("\t", -1));
        }
        assertFalse(out.isEmpty(), file);
        return out;
    }

    record Decoded(byte[] keyspace, byte[] key, long increment) {
    }

    private static List<Decoded> decode(byte[] payload, long count) {
        List<Decoded> out = new ArrayList<>();
        String bad = new RecordDecoder().decode(payload, 0, payload.length, count,
                (ks, ksl, k, kl, inc) -> out.add(new Decoded(Arrays.copyOf(ks, ksl), Arrays.copyOf(k, kl), inc)));
        assertNull(bad);
        return out;
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void recordsEncodeAndDecodeAsTheVectorsSay() throws IOException {
        for (String[] r : rows("commitlog-records.tsv")) {
            byte[] ks = HEX.parseHex(r[0]);
            byte[] key = HEX.parseHex(r[1]);
            long increment = Long.parseLong(r[2]);
            byte[] expected = HEX.parseHex(r[3]);
            RecordBatch b = new RecordBatch(RecordBatch.MAX_RECORD_BYTES);
            assertTrue(b.add(increment, ks, 0, ks.length, key, 0, key.length));
            assertEquals(r[3], HEX.formatHex(bytes(b.payload())), r[2]);
            Decoded d = decode(expected, 1).get(0);
            assertArrayEquals(ks, d.keyspace());
            assertArrayEquals(key, d.key());
            assertEquals(increment, d.increment());
        }
    }

    @Test
    void malformedPayloadsAreRejected() throws IOException {
        for (String[] r : rows("commitlog-bad-records.tsv")) {
            byte[] payload = HEX.parseHex(r[0]);
            String bad = new RecordDecoder().decode(payload, 0, payload.length, Long.parseLong(r[1]), null);
            assertNotNull(bad, r[2]);
        }
    }

    @Test
    void headersEncodeAndDecodeAsTheVectorsSay() throws IOException {
        for (String[] r : rows("commitlog-headers.tsv")) {
            LogHeader h = new LogHeader(Integer.parseInt(r[0]), Long.parseLong(r[1]), Long.parseLong(r[2]));
            assertEquals(r[3], HEX.formatHex(bytes(h.encode())));
            ByteBuffer raw = ByteBuffer.wrap(HEX.parseHex(r[3]));
            assertEquals(h, LogHeader.decode(raw, h.slot()));
            assertNull(LogHeader.decode(raw, h.slot() + 1), "the slot must match the file's");
            byte[] flipped = HEX.parseHex(r[3]);
            flipped[20] ^= 1;
            assertNull(LogHeader.decode(ByteBuffer.wrap(flipped), h.slot()), "the CRC covers the generation");
        }
    }

    @Test
    void framesAndSealsEncodeAsTheVectorsSay() throws IOException {
        ByteBuffer header = ByteBuffer.allocateDirect(LogFormat.FRAME_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (String[] r : rows("commitlog-frames.tsv")) {
            long generation = Long.parseLong(r[1]);
            int count = Integer.parseUnsignedInt(r[2]);
            byte[] payload = HEX.parseHex(r[3]);
            if (r[0].equals("seal")) {
                ByteBuffer p = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(r[4], HEX.formatHex(bytes(Frames.seal(generation, p.getLong(0), p.getLong(8)))));
            } else {
                Frames.encodeHeader(header, count, generation, ByteBuffer.wrap(payload), new CRC32C());
                assertEquals(r[4], HEX.formatHex(bytes(header)) + r[3]);
            }
        }
    }

    /** A log assembled from the vectors' bytes alone reads back as the vectors' records. */
    @Test
    void aLogBuiltFromTheVectorBytesReadsBack() throws IOException {
        String[] h = rows("commitlog-headers.tsv").get(1);
        long generation = Long.parseLong(h[1]);
        List<String[]> frames = rows("commitlog-frames.tsv").stream()
                .filter(r -> Long.parseLong(r[1]) == generation).toList();
        Path file = dir.resolve("log");
        long expectedRecords = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate((int) PoolConfig.MIN_LOG_BYTES), 0);
            ch.write(ByteBuffer.wrap(HEX.parseHex(h[3])), 0);
            long at = LogFormat.FIRST_FRAME;
            for (String[] f : frames) {
                byte[] bytes = HEX.parseHex(f[4]);
                ch.write(ByteBuffer.wrap(bytes), at);
                at += bytes.length;
                if (f[0].equals("data")) {
                    expectedRecords += Long.parseLong(f[2]);
                } else {
                    break; // the first seal of this generation counts the two data frames before it
                }
            }
            LogHeader header = LogHeader.read(ch, Integer.parseInt(h[0]));
            assertNotNull(header);
            List<Long> increments = new ArrayList<>();
            ReadSummary s = new LogReader().read(ch, header, (ks, ksl, k, kl, inc) -> increments.add(inc));
            assertEquals(new ReadSummary(2, expectedRecords, null), s);
            assertEquals(List.of(5L, -2L, 1L, 1L << 40), increments);
        }
    }
}
