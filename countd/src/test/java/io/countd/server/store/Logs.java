package io.countd.server.store;

import io.countd.server.rank.RankModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic logs for tests that run in two processes: log {@code n} of a seed is the same
 * wherever it is built, and {@link #modelAfter} is the state after logs 1 to n.
 */
final class Logs {
    private final long seed;
    private final int keys;
    private final int size;
    private final List<RankModel> models = new ArrayList<>();

    Logs(long seed, int keys, int size) {
        this.seed = seed;
        this.keys = keys;
        this.size = size;
        models.add(new RankModel());
    }

    Rows.Batch log(int number) {
        Random rnd = new Random(seed * 1_000_003L + number);
        Rows.Batch b = new Rows.Batch();
        int n = size / 2 + rnd.nextInt(size);
        for (int i = 0; i < n; i++) {
            int k = rnd.nextInt(keys);
            long inc = switch (rnd.nextInt(20)) {
                case 0 -> Long.MAX_VALUE / 3;
                case 1 -> Long.MIN_VALUE / 3;
                default -> rnd.nextInt(9) - 3;
            };
            b.add((k % 7 == 0 ? "long-key-" + "q".repeat(k % 200) + "-" : "k") + k, inc);
        }
        return b;
    }

    /** The counts after logs 1 to {@code number}. */
    RankModel modelAfter(int number) {
        while (models.size() <= number) {
            RankModel next = models.get(models.size() - 1).copy();
            log(models.size()).applyTo(next);
            models.add(next);
        }
        return models.get(number);
    }
}
