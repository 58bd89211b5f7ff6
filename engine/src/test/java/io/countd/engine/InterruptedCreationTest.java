package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A creation cut short (a kill, a power failure, a failed flush) leaves a file of zeros, never a
 * header whose sizes the file lacks; a writer asked to ({@code createOverZeros}) creates such a
 * file again, as an empty one, and nothing else is taken for one.
 */
class InterruptedCreationTest {
    @TempDir
    Path dir;

    @AfterEach
    void removeHook() {
        IoSeam.hook = null;
    }

    /** What the file holds at each flush of its creation: zeros of the full length first, then the header. */
    @Test
    void theHeaderIsWrittenAfterTheZerosAreOnTheDevice() throws IOException {
        Path f = dir.resolve("new.tch");
        List<byte[]> atSync = new ArrayList<>();
        IoSeam.hook = new IoSeam.Hook() {
            @Override
            public void beforeWrite(boolean log, long off, long len) {
            }

            @Override
            public void beforeSync(boolean log) throws IOException {
                atSync.add(Files.readAllBytes(f));
            }
        };
        HashDatabase.builder(f).buckets(1000).open().close();
        IoSeam.hook = null;
        byte[] created = Files.readAllBytes(f);
        byte[] first = atSync.get(0);
        assertEquals(created.length, first.length, "the zeros reach the full length first");
        assertTrue(allZero(first), "no header before the zeros are flushed");
        assertEquals("ToKyO CaBiNeT", new String(atSync.get(1), 0, 13, StandardCharsets.US_ASCII));
    }

    @Test
    void aCreationCutShortIsCreatedAgainByTheNextWriter() throws IOException {
        Path f = dir.resolve("cut.tch");
        IoSeam.hook = new IoSeam.Hook() {
            @Override
            public void beforeWrite(boolean log, long off, long len) {
            }

            @Override
            public void beforeSync(boolean log) throws IOException {
                throw new IOException("the device is gone");
            }
        };
        assertThrows(TcException.class, () -> HashDatabase.builder(f).buckets(1000).open());
        IoSeam.hook = null;
        assertTrue(Files.size(f) > 0);
        assertTrue(HashDatabase.isUncreated(f));
        TcException reader = assertThrows(TcException.class, () -> HashDatabase.openReadOnly(f));
        assertEquals(TcError.META, reader.error(), "a reader finds no database there");

        TcException asTc = assertThrows(TcException.class, () -> HashDatabase.builder(f).buckets(1000).open());
        assertEquals(TcError.META, asTc.error(), "unasked, a writer fails on it as Tokyo Cabinet's does");
        try (HashDatabase db = HashDatabase.builder(f).buckets(1000).createOverZeros().open()) {
            db.put("k", "v");
        }
        Path fresh = dir.resolve("fresh.tch");
        try (HashDatabase db = HashDatabase.builder(fresh).buckets(1000).open()) {
            db.put("k", "v");
        }
        assertFalse(HashDatabase.isUncreated(f));
        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(f), "as if created at once");
    }

    /** Zeros of any length, from another tuning's creation, are replaced, not extended. */
    @Test
    void longerZerosAreReplacedByTheDatabase() throws IOException {
        Path f = dir.resolve("zeros.tch");
        Files.write(f, new byte[3_000_000]);
        HashDatabase.builder(f).buckets(1000).createOverZeros().open().close();
        Path fresh = dir.resolve("fresh.tch");
        HashDatabase.builder(fresh).buckets(1000).open().close();
        assertArrayEquals(Files.readAllBytes(fresh), Files.readAllBytes(f));
    }

    /** One non-zero byte anywhere, even far past a zeroed header, and the file is not taken for a new one. */
    @Test
    void aFileWithAnyDataIsNeverCreatedOver() throws IOException {
        Path f = dir.resolve("damaged.tch");
        byte[] bytes = new byte[200_000];
        bytes[bytes.length - 1] = 1;
        Files.write(f, bytes);
        assertFalse(HashDatabase.isUncreated(f));
        TcException e = assertThrows(TcException.class, () -> HashDatabase.builder(f).createOverZeros().open());
        assertEquals(TcError.META, e.error());
        assertArrayEquals(bytes, Files.readAllBytes(f), "left as it was");
        assertEquals(TcError.NOFILE,
                assertThrows(TcException.class, () -> HashDatabase.isUncreated(dir.resolve("missing"))).error());
    }

    private static boolean allZero(byte[] b) {
        return Arrays.equals(b, new byte[b.length]);
    }
}
