package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.countd.server.rank.RankModel;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading views into lists, and the model of what applying sums does to counts. */
final class Rows {
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);

    private Rows() {
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Rows {@code offset} to {@code offset + length - 1} of the view, checking the ranks reported. */
    static List<RankModel.Row> read(KeyspaceView view, long offset, int length) {
        List<RankModel.Row> rows = new ArrayList<>();
        long[] next = {offset};
        int n = view.rows(offset, length, (rank, count, key, keyLength) -> {
            assertEquals(next[0]++, rank, "ranks must be consecutive");
            rows.add(new RankModel.Row(count, Arrays.copyOf(key, keyLength)));
        });
        assertEquals(rows.size(), n, "rows() must return the number of rows visited");
        return rows;
    }

    static List<RankModel.Row> all(KeyspaceView view) {
        return read(view, 0, Integer.MAX_VALUE);
    }

    /** Increments to apply as one log: summed per key, in order of first appearance. */
    static final class Batch {
        final Map<String, BigInteger> sums = new LinkedHashMap<>();
        final Deltas deltas = new Deltas();

        Batch add(byte[] key, long increment) {
            deltas.add(key, key.length, increment);
            sums.merge(new String(key, StandardCharsets.ISO_8859_1), BigInteger.valueOf(increment), BigInteger::add);
            return this;
        }

        Batch add(String key, long increment) {
            return add(bytes(key), increment);
        }

        /** What the store must do with this batch: exact sum, then saturate; 0 removes. */
        void applyTo(RankModel model) {
            for (Map.Entry<String, BigInteger> e : sums.entrySet()) {
                byte[] key = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
                BigInteger sum = BigInteger.valueOf(model.count(key)).add(e.getValue());
                model.set(key, sum.max(MIN).min(MAX).longValueExact());
            }
        }
    }
}
