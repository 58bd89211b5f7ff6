package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Keyspace names map to safe, distinct file names, as published in keyspace-names.tsv. */
class KeyspaceNamesTest {
    @Test
    void publishedVectors() {
        for (Map<String, String> row : Vectors.load("keyspace-names.tsv")) {
            byte[] name = HexFormat.of().parseHex(row.get("name_hex"));
            assertEquals(row.get("file_name"), KeyspaceNames.fileName(name), row.get("name_hex"));
            assertTrue(KeyspaceNames.isKeyspaceFileName(row.get("file_name")));
        }
    }

    @Test
    void everyNameGivesAPlainDistinctFileName() {
        Random rnd = new Random(3);
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            byte[] name = new byte[1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 256)];
            for (int j = 0; j < name.length; j++) {
                name[j] = (byte) (1 + rnd.nextInt(rnd.nextBoolean() ? 255 : 60));
            }
            String file = KeyspaceNames.fileName(name);
            assertTrue(KeyspaceNames.isKeyspaceFileName(file), file);
            assertTrue(file.getBytes(StandardCharsets.UTF_8).length <= 69, file);
            assertFalse(file.startsWith("."));
            String hex = HexFormat.of().formatHex(name);
            String before = seen.putIfAbsent(file, hex);
            assertTrue(before == null || before.equals(hex), "two names gave " + file);
        }
    }

    @Test
    void namesAreOneTo256BytesWithoutNul() {
        KeyspaceNames.check(new byte[] {1});
        byte[] longest = new byte[256];
        java.util.Arrays.fill(longest, (byte) 0xFF);
        KeyspaceNames.check(longest);
        assertThrows(IllegalArgumentException.class, () -> KeyspaceNames.check(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> KeyspaceNames.check(new byte[257]));
        assertThrows(IllegalArgumentException.class, () -> KeyspaceNames.check(new byte[] {'a', 0, 'b'}));
    }

    @Test
    void namesInMessagesAreEscaped() {
        assertEquals("../x", KeyspaceNames.describe("../x".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("caf\\xc3\\xa9 \\x5c\\x01", KeyspaceNames.describe(new byte[] {'c', 'a', 'f', (byte) 0xc3, (byte) 0xa9,
            ' ', '\\', 1}));
    }
}
