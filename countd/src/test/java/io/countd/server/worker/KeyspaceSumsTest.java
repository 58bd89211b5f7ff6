package io.countd.server.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order in which a worker applies a batch's keyspaces: the fewest distinct keys first. */
class KeyspaceSumsTest {
    @Test
    void keyspacesComeWithTheFewestKeysFirstWhateverTheOrderTheyAppeared() {
        KeyspaceSums sums = new KeyspaceSums();
        for (int round = 0; round < 3; round++) {
            for (int k = 0; k < 50; k++) {
                add(sums, "busy", "key" + k);
                if (k % 5 == 0) {
                    add(sums, "middle", "key" + k);
                }
            }
            add(sums, "quiet", "p");
        }
        assertEquals(List.of("quiet", "middle", "busy"), names(sums.keyspacesSmallestFirst()));
        assertEquals(3 * (50 + 10 + 1), sums.records(), "records visited");
        sums.clear();
        add(sums, "busy", "a");
        add(sums, "busy", "b");
        add(sums, "quiet", "p");
        add(sums, "quiet", "p");
        assertEquals(List.of("quiet", "busy"), names(sums.keyspacesSmallestFirst()),
                "distinct keys count, not increments");
    }

    private static void add(KeyspaceSums sums, String keyspace, String key) {
        byte[] ks = keyspace.getBytes(StandardCharsets.US_ASCII);
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        sums.record(ks, ks.length, k, k.length, 1);
    }

    private static List<String> names(List<KeyspaceSums.Keyspace> keyspaces) {
        return keyspaces.stream().map(k -> new String(k.name(), StandardCharsets.US_ASCII)).toList();
    }
}
