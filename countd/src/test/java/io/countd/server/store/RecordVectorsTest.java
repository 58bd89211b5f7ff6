package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.countd.engine.Vectors;
import io.countd.server.rank.Node;
import io.countd.server.rank.NodeCodec;
import io.countd.server.rank.Nodes;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every row of keyspace-records.tsv: the record built from its fields has exactly the published key
 * and value, and the published value decodes back to the fields.
 */
class RecordVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void publishedRecords() {
        int checked = 0;
        for (Map<String, String> row : Vectors.load("keyspace-records.tsv")) {
            Map<String, String> f = fields(row.get("fields"));
            byte[] key = HEX.parseHex(row.get("key_hex"));
            byte[] value = HEX.parseHex(row.get("value_hex"));
            String what = row.get("kind") + " " + row.get("fields");
            switch (row.get("kind")) {
                case "meta" -> {
                    KeyspaceMeta meta = new KeyspaceMeta(HEX.parseHex(f.get("instance")), num(f, "version"), num(f, "keys"),
                            num(f, "root"), (int) num(f, "height"), num(f, "next"));
                    assertArrayEquals(KeyspaceRecords.META, key, what);
                    assertArrayEquals(value, meta.encode(), what);
                    KeyspaceMeta back = KeyspaceMeta.decode(value);
                    assertArrayEquals(value, back.encode(), what);
                    assertEquals(meta.root(), back.root(), what);
                }
                case "name" -> {
                    assertArrayEquals(KeyspaceRecords.NAME, key, what);
                    assertArrayEquals(HEX.parseHex(f.get("name")), value, what);
                }
                case "mark" -> {
                    int stream = (int) num(f, "stream");
                    assertArrayEquals(key, KeyspaceRecords.markKey(stream), what);
                    assertArrayEquals(value, KeyspaceRecords.encodePosition(num(f, "position")), what);
                    assertEquals(num(f, "position"), KeyspaceRecords.decodePosition(stream, value), what);
                }
                case "counter" -> {
                    assertArrayEquals(HEX.parseHex(f.get("key")), key, what);
                    assertArrayEquals(value, KeyspaceRecords.encodeCount(num(f, "count"), new byte[8]), what);
                    assertEquals(num(f, "count"), KeyspaceRecords.decodeCount(key, value), what);
                }
                case "leaf", "branch" -> {
                    Node node = row.get("kind").equals("leaf") ? Nodes.leaf(f.get("entries"))
                            : Nodes.branch((int) num(f, "level"), f.get("children"));
                    assertArrayEquals(key, KeyspaceRecords.nodeKey(num(f, "id")), what);
                    assertArrayEquals(value, NodeCodec.encode(node), what);
                    assertEquals(Nodes.describe(node), Nodes.describe(NodeCodec.decode(value)), what);
                }
                default -> throw new AssertionError("unknown kind in " + what);
            }
            checked++;
        }
        assertEquals(19, checked, "rows in keyspace-records.tsv");
    }

    @Test
    void malformedRecordsAreRefused() {
        byte[] meta = new KeyspaceMeta(new byte[16], 1, 0, 0, 0, 1).encode();
        assertThrows(DamagedRecordException.class, () -> KeyspaceMeta.decode(java.util.Arrays.copyOf(meta, 55)));
        byte[] otherMagic = meta.clone();
        otherMagic[0] = 'X';
        assertThrows(DamagedRecordException.class, () -> KeyspaceMeta.decode(otherMagic));
        byte[] laterFormat = meta.clone();
        laterFormat[5] = 2;
        assertThrows(DamagedRecordException.class, () -> KeyspaceMeta.decode(laterFormat));
        assertThrows(DamagedRecordException.class, () -> KeyspaceRecords.decodeCount(new byte[] {'k'}, new byte[4]));
        assertThrows(DamagedRecordException.class, () -> KeyspaceRecords.decodeCount(new byte[] {'k'}, new byte[8]));
        assertThrows(DamagedRecordException.class, () -> KeyspaceRecords.decodePosition(1, new byte[9]));
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> m = new HashMap<>();
        for (String part : text.split(" ")) {
            int eq = part.indexOf('=');
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }

    private static long num(Map<String, String> f, String name) {
        return Long.parseLong(f.get(name));
    }
}
