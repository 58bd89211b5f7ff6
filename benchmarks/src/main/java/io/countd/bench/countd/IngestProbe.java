package io.countd.bench.countd;

import io.countd.client.CountdClient;
import io.countd.client.Row;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs beside a load on countd until a stop file appears, then prints its figures as
 * {@code name value} lines:
 *
 * <ul>
 *   <li>lag: every 200 ms one increment of 1 to the key {@code p} of keyspace {@code PREFIX-lag},
 *       without waiting for the earlier ones; every 10 ms a ranked read of that keyspace. When the
 *       count reaches n, the n-th increment has become readable (one connection, logs applied in
 *       order), and its sample is the time from its call to that read ({@code lag_p50},
 *       {@code lag_p99}, {@code lag_max} in seconds, {@code lag_samples}). After the stop file,
 *       the probe waits up to 60 s for the last ones; {@code lag_unseen} counts those still not
 *       readable then;
 *   <li>ranked reads: every 20 ms the top 100 of {@code TOP_KEYSPACE} over the binary protocol
 *       ({@code top_p50}, {@code top_p99}, {@code top_max} in seconds, {@code top_samples}); with
 *       {@code LOADED_FILE}, the reads made once it exists (the load has ended, the workers still
 *       apply it) also on their own ({@code top_apply_p50}, {@code top_apply_p99},
 *       {@code top_apply_max}, {@code top_apply_samples});
 *   <li>the anchor, with {@code REDIS_HOST:PORT}: right after each ranked read, the same question
 *       to Redis, {@code ZREVRANGE top 0 99 WITHSCORES} (a sorted set the caller has filled), timed
 *       alike ({@code redis_top_*} and {@code redis_top_apply_*}): what a C server on the same
 *       machine, under the same load, answers in.
 * </ul>
 *
 * <pre>IngestProbe WRITE_HOST:PORT READ_HOST:PORT TOP_KEYSPACE PREFIX STOP_FILE [LOADED_FILE [REDIS_HOST:PORT]]</pre>
 */
public final class IngestProbe {
    private static final long SEND_INTERVAL = 200_000_000L;
    private static final long POLL_INTERVAL = 10_000_000L;
    private static final long READ_INTERVAL = 20_000_000L;
    private static final long FINAL_WAIT = 60_000_000_000L;

    private IngestProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 5 || args.length > 7) {
            System.err.print("usage: IngestProbe WRITE_HOST:PORT READ_HOST:PORT TOP_KEYSPACE PREFIX STOP_FILE"
                    + " [LOADED_FILE [REDIS_HOST:PORT]]\n");
            System.exit(1);
        }
        Path stop = Path.of(args[4]);
        Path loaded = args.length >= 6 ? Path.of(args[5]) : null;
        RedisTop redis = args.length == 7 ? new RedisTop(address(args[6])) : null;
        Percentiles redisTop = new Percentiles();
        Percentiles redisTopApply = new Percentiles();
        String lagKeyspace = args[3] + "-lag";
        Percentiles lag = new Percentiles();
        Percentiles top = new Percentiles();
        Percentiles topApply = new Percentiles();
        long unseen;
        try (CountdClient client = CountdClient.builder().write(address(args[0])).read(address(args[1])).build()) {
            Thread reader = new Thread(() -> {
                while (!Files.exists(stop)) {
                    long t0 = System.nanoTime();
                    client.top(args[2], 0, 100);
                    long took = System.nanoTime() - t0;
                    top.add(took);
                    boolean afterLoad = loaded != null && Files.exists(loaded);
                    if (afterLoad) {
                        topApply.add(took);
                    }
                    if (redis != null) {
                        long r0 = System.nanoTime();
                        redis.top100();
                        long redisTook = System.nanoTime() - r0;
                        redisTop.add(redisTook);
                        if (afterLoad) {
                            redisTopApply.add(redisTook);
                        }
                    }
                    LockSupport.parkNanos(READ_INTERVAL);
                }
            });
            reader.start();
            long[] sent = new long[1 << 16];
            int count = 0;
            int seen = 0;
            long nextSend = System.nanoTime();
            long deadline = Long.MAX_VALUE;
            while (seen < count || deadline == Long.MAX_VALUE) {
                long now = System.nanoTime();
                if (deadline == Long.MAX_VALUE && Files.exists(stop)) {
                    deadline = now + FINAL_WAIT;
                }
                if (now > deadline) {
                    break;
                }
                if (deadline == Long.MAX_VALUE && now >= nextSend && count < sent.length) {
                    sent[count++] = now;
                    client.increment(lagKeyspace, "p", 1);
                    nextSend += SEND_INTERVAL;
                }
                long applied = count(client.top(lagKeyspace, 0, 1));
                long readAt = System.nanoTime();
                while (seen < Math.min(applied, count)) {
                    lag.add(readAt - sent[seen++]);
                }
                LockSupport.parkNanos(POLL_INTERVAL);
            }
            unseen = count - seen;
            reader.join();
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
        System.out.print(String.format(Locale.ROOT,
                "lag_samples %d%nlag_unseen %d%nlag_p50 %.4f%nlag_p99 %.4f%nlag_max %.4f%n"
                        + "top_samples %d%ntop_p50 %.5f%ntop_p99 %.5f%ntop_max %.5f%n",
                lag.count(), unseen, lag.seconds(50), lag.seconds(99), lag.seconds(100),
                top.count(), top.seconds(50), top.seconds(99), top.seconds(100)));
        if (loaded != null) {
            System.out.print(String.format(Locale.ROOT,
                    "top_apply_samples %d%ntop_apply_p50 %.5f%ntop_apply_p99 %.5f%ntop_apply_max %.5f%n",
                    topApply.count(), topApply.seconds(50), topApply.seconds(99), topApply.seconds(100)));
        }
        if (redis != null) {
            System.out.print(String.format(Locale.ROOT,
                    "redis_top_samples %d%nredis_top_p50 %.5f%nredis_top_p99 %.5f%nredis_top_max %.5f%n"
                            + "redis_top_apply_samples %d%nredis_top_apply_p50 %.5f%nredis_top_apply_p99 %.5f%n"
                            + "redis_top_apply_max %.5f%n",
                    redisTop.count(), redisTop.seconds(50), redisTop.seconds(99), redisTop.seconds(100),
                    redisTopApply.count(), redisTopApply.seconds(50), redisTopApply.seconds(99),
                    redisTopApply.seconds(100)));
        }
    }

    private static long count(List<Row> rows) {
        return rows.isEmpty() ? 0 : rows.get(0).count();
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
