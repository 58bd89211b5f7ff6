package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.TcOracle;
import io.countd.server.rank.RankModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Tokyo Cabinet reads a keyspace file the store wrote: {@code tchmgr list} shows every
 * counter with its count as 8 little-endian bytes, and nothing else outside the NUL-prefixed
 * internal records.
 */
class TchmgrInteropTest {
    private static final byte[] KS = Rows.bytes("interop");

    @TempDir
    Path dir;

    @BeforeAll
    static void requireOracle() {
        TcOracle.requireBinaries();
    }

    @Test
    void tchmgrListsEveryCounter() {
        Path folder = dir.resolve("keyspaces");
        RankModel model = new RankModel();
        Random rnd = new Random(4);
        try (KeyspaceStore store = KeyspaceStore.open(folder, KeyspaceStore.Access.READ_WRITE)) {
            for (int log = 1; log <= 4; log++) {
                Rows.Batch b = new Rows.Batch();
                for (int i = 0; i < 1500; i++) {
                    byte[] key = new byte[1 + rnd.nextInt(log == 4 ? 256 : 12)];
                    for (int j = 0; j < key.length; j++) {
                        key[j] = (byte) (1 + rnd.nextInt(255));
                    }
                    long inc = switch (rnd.nextInt(5)) {
                        case 0 -> Long.MAX_VALUE;
                        case 1 -> Long.MIN_VALUE;
                        default -> rnd.nextInt(21) - 10;
                    };
                    b.add(key, inc);
                }
                b.add("home", 3);
                store.apply(KS, 1, log, b.deltas);
                b.applyTo(model);
            }
        }
        String file = KeyspaceNames.fileName(KS);
        String out = TcOracle.runOk(folder, "tchmgr", "list", "-pv", "-px", file).out();
        Map<String, Long> counters = new HashMap<>();
        int internal = 0;
        for (String line : out.split("\n")) {
            String[] kv = line.split("\t");
            byte[] key = HexFormat.of().parseHex(kv[0].replace(" ", ""));
            byte[] value = HexFormat.of().parseHex(kv[1].replace(" ", ""));
            if (key[0] == 0) {
                internal++;
                continue;
            }
            assertEquals(8, value.length, "a counter value has 8 bytes");
            counters.put(HexFormat.of().formatHex(key), ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).getLong());
        }
        Map<String, Long> expected = new HashMap<>();
        for (RankModel.Row r : model.all()) {
            expected.put(HexFormat.of().formatHex(r.key()), r.count());
        }
        assertEquals(expected, counters);
        assertTrue(internal >= 4, "meta, name, mark and at least one node; found " + internal);
        String inform = TcOracle.runOk(folder, "tchmgr", "inform", file).out();
        assertTrue(inform.contains("record number: " + (model.size() + internal)), inform);
    }
}
