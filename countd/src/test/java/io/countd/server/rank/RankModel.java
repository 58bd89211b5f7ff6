package io.countd.server.rank;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The obvious implementation: a map of counts and a sorted set of entries in rank order. */
public final class RankModel {
    /** An entry of the model. */
    public record Row(long count, byte[] key) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && r.count == count && Arrays.equals(r.key, key);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(count) * 31 + Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return count + ":" + new String(key, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private static final Comparator<Row> ORDER = (a, b) -> RankOrder.compare(a.count, a.key, b.count, b.key);

    private final Map<String, Long> counts = new HashMap<>();
    private final TreeSet<Row> rows = new TreeSet<>(ORDER);

    /** The count of {@code key}, 0 when absent. */
    public long count(byte[] key) {
        return counts.getOrDefault(name(key), 0L);
    }

    /** Sets the count of {@code key}; 0 removes it. */
    public void set(byte[] key, long count) {
        long old = count(key);
        if (old != 0) {
            rows.remove(new Row(old, key));
            counts.remove(name(key));
        }
        if (count != 0) {
            rows.add(new Row(count, key.clone()));
            counts.put(name(key), count);
        }
    }

    public long size() {
        return rows.size();
    }

    public List<Row> all() {
        return new ArrayList<>(rows);
    }

    /** The rank of the entry, -1 when absent. */
    public long rankOf(long count, byte[] key) {
        Row r = new Row(count, key);
        return rows.contains(r) ? rows.headSet(r).size() : -1;
    }

    public RankModel copy() {
        RankModel m = new RankModel();
        m.counts.putAll(counts);
        m.rows.addAll(rows);
        return m;
    }

    private static String name(byte[] key) {
        return new String(key, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
