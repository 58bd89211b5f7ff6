package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the allocator puts records, on a real file of 11 buckets with the default tuning, whose
 * record section starts at 4464 (format-spec/tchdb.md sections 3.3 and 11): appends, rewrites in
 * place, the split of a slack over 65535 bytes, a move whose old slot becomes a free block, the
 * splice over a free block that follows, and section 11.3's worked example.
 */
class AllocatorTest {
    private static final long FREC = 4464;

    @TempDir
    Path dir;

    private Engine engine;
    private Records records;
    private final Records.PutResult result = new Records.PutResult();

    @BeforeEach
    void open() {
        Settings s = new Settings(Settings.WRITER | Settings.CREAT | Settings.TRUNC,
                new Tuning(11, -1, -1, 0, ByteOrder.BIG_ENDIAN), Settings.DEFAULT_XMSIZ, true, DataFile.WINDOW, null, null);
        engine = Engine.open(dir.resolve("casket"), s);
        records = new Records(engine);
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.closeFile();
            engine.unregister();
        }
    }

    private void put(String key, int valueSize) {
        byte[] v = new byte[valueSize];
        Arrays.fill(v, (byte) 'v');
        records.put(key.getBytes(StandardCharsets.US_ASCII), v, Records.Mode.OVERWRITE, result);
    }

    private void out(String key) {
        assertTrue(records.remove(key.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The block holding {@code key}'s record. */
    private Block recordOf(String key) {
        Block b = new Block(engine.readUnit(), engine.order());
        assertTrue(records.lookup(key.getBytes(StandardCharsets.US_ASCII), b), key);
        return b;
    }

    private Block blockAt(long off) {
        Block b = new Block(engine.readUnit(), engine.order());
        engine.readBlock(off, b);
        return b;
    }

    private List<String> pool() {
        List<String> out = new ArrayList<>();
        FreeBlockPool p = engine.pool();
        for (int i = 0; i < p.size(); i++) {
            out.add(p.offset(i) + ":" + p.blockSize(i));
        }
        return out;
    }

    @Test
    void aNewKeyIsAppendedAndTheFileGrowsByItsBlock() {
        assertEquals(FREC, engine.header().fsiz, "an empty file ends where records start");
        put("a", 16);
        Block a = recordOf("a");
        assertEquals(FREC, a.off);
        assertEquals(32, a.size, "header 14 + key 1 + value 16 = 31, padded to 32");
        assertEquals(1, a.psiz);
        assertEquals(FREC + 32, engine.header().fsiz);
        assertEquals(1, engine.header().rnum);
    }

    @Test
    void aValueThatStillFitsIsRewrittenInPlaceWithMorePadding() {
        put("a", 16);
        put("b", 1);
        put("a", 8);
        Block a = recordOf("a");
        assertEquals(FREC, a.off);
        assertEquals(32, a.size);
        assertEquals(9, a.psiz, "the slack became padding");
        assertEquals(List.of(), pool());
    }

    @Test
    void aSlackBeyond65535BytesIsSplitOffAsAFreeBlock() {
        put("k", 70000);
        Block big = recordOf("k");
        assertEquals(70032, big.size, "header 16 + key 1 + value 70000, padded");
        put("k", 1);
        Block k = recordOf("k");
        assertEquals(FREC, k.off);
        assertEquals(16, k.size);
        assertEquals(0, k.psiz);
        Block rest = blockAt(FREC + 16);
        assertEquals(Block.MAGIC_FREE, rest.magic);
        assertEquals(70016, rest.size);
        assertEquals(List.of((FREC + 16) + ":70016"), pool());
    }

    @Test
    void aRecordThatOutgrowsItsSlotMovesAndFreesIt() {
        put("a", 1);
        put("b", 1);
        put("a", 40);
        Block a = recordOf("a");
        assertEquals(FREC + 32, a.off, "appended after b: the pool had nothing large enough");
        assertEquals(64, a.size, "header 14 + key 1 + value 40 = 55, padded to 64");
        Block old = blockAt(FREC);
        assertEquals(Block.MAGIC_FREE, old.magic, "the old slot is a free block");
        assertEquals(16, old.size);
        assertEquals(List.of(FREC + ":16"), pool());
        assertEquals(FREC + 96, engine.header().fsiz);
        assertEquals(2, engine.header().rnum);
    }

    @Test
    void aRecordGrowsOverTheFreeBlockBehindIt() {
        put("a", 16);
        put("b", 1);
        put("c", 1);
        out("b");
        assertEquals(List.of((FREC + 32) + ":16"), pool());
        put("a", 32);
        Block a = recordOf("a");
        assertEquals(FREC, a.off, "spliced in place");
        assertEquals(48, a.size, "its 32 bytes and b's 16");
        assertEquals(1, a.psiz, "needs 47");
        assertEquals(List.of(), pool(), "the absorbed block left the pool");
        assertEquals(FREC + 48, recordOf("c").off);
    }

    /** format-spec/tchdb.md section 11.3, step by step. */
    @Test
    void theWorkedExampleOfANewKeyInATooSmallSplitBlock() {
        put("a", 16);
        put("b", 1);
        put("c", 48);
        put("d", 1);
        assertEquals(FREC, recordOf("a").off);
        assertEquals(4496, recordOf("b").off);
        assertEquals(4512, recordOf("c").off);
        assertEquals(64, recordOf("c").size);
        assertEquals(4576, recordOf("d").off);
        out("a");
        out("c");
        assertEquals(List.of("4464:32", "4512:64"), pool());
        put("e", 33);
        Block e = recordOf("e");
        assertEquals(4512, e.off);
        assertEquals(64, e.size);
        assertEquals(16, e.psiz);
        assertEquals(Block.MAGIC_FREE, blockAt(4464).magic);
        assertEquals(16, blockAt(4464).size);
        assertEquals(Block.MAGIC_FREE, blockAt(4480).magic);
        assertEquals(16, blockAt(4480).size);
        assertEquals(List.of("4464:16", "4480:16"), pool());
        long msiz = engine.poolRegion();
        engine.closeFile();
        engine.unregister();
        engine = null;
        byte[] file = readAll(dir.resolve("casket"));
        assertEquals("e8020101010000", HexFormat.of().formatHex(file, (int) msiz, (int) msiz + 7),
                "the pool region saved at close");
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
    }
}
