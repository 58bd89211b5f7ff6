package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Expected counts per keyspace, and the checks of ranked reads against them. */
final class Expected {
    /** Rank order: count descending, then key ascending as unsigned bytes. */
    static final Comparator<WireClient.Row> RANK = Comparator.comparingLong(WireClient.Row::count).reversed()
            .thenComparing(WireClient.Row::key, Arrays::compareUnsigned);

    private final Map<String, Map<String, Long>> counts = new TreeMap<>();

    void add(String keyspace, String key, long n) {
        counts.computeIfAbsent(keyspace, k -> new TreeMap<>()).merge(key, n, Long::sum);
    }

    Set<String> keyspaces() {
        return counts.keySet();
    }

    /** The rows a ranked read of the whole keyspace must give: non-zero counts in rank order. */
    List<WireClient.Row> rows(String keyspace) {
        List<WireClient.Row> rows = new ArrayList<>();
        counts.getOrDefault(keyspace, Map.of()).forEach((k, v) -> {
            if (v != 0) {
                rows.add(new WireClient.Row(v, k.getBytes(StandardCharsets.UTF_8)));
            }
        });
        rows.sort(RANK);
        return rows;
    }

    /** Waits until every keyspace reads back exactly as expected; fails with the last difference. */
    void awaitReadable(InetSocketAddress reader, long timeoutMillis) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        String last = null;
        while (System.currentTimeMillis() < deadline) {
            last = firstDifference(reader);
            if (last == null) {
                return;
            }
            CountdProcess.sleep(100);
        }
        throw new AssertionError("counts not as expected after " + timeoutMillis + " ms: " + last);
    }

    private String firstDifference(InetSocketAddress reader) throws IOException {
        for (String ks : counts.keySet()) {
            List<WireClient.Row> want = rows(ks);
            List<WireClient.Row> got = WireClient.all(reader, ks.getBytes(StandardCharsets.UTF_8), 1000);
            if (!want.equals(got)) {
                return ks + ": expected " + want.size() + " rows, got " + got.size() + describe(want, got);
            }
        }
        return null;
    }

    private static String describe(List<WireClient.Row> want, List<WireClient.Row> got) {
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            if (!want.get(i).equals(got.get(i))) {
                return "; first difference at rank " + i + ": expected " + want.get(i) + ", got " + got.get(i);
            }
        }
        return "";
    }

    /** Rank order, no duplicate key, and the row count, for one listing. */
    static void assertWellFormed(List<WireClient.Row> rows) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            assertTrue(keys.add(rows.get(i).keyString()), "duplicate key " + rows.get(i));
            if (i > 0) {
                assertTrue(RANK.compare(rows.get(i - 1), rows.get(i)) < 0, "rank order at " + i);
            }
        }
        assertEquals(keys.size(), rows.size());
    }
}
