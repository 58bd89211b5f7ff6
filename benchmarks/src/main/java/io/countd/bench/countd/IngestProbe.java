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
 *       which nothing else writes, without waiting for the earlier ones; every 10 ms a ranked read
 *       of that keyspace. When the count reaches n, the n-th increment has become readable (one
 *       connection, logs applied in order), and its sample is the time from its call to that read
 *       ({@code lag_p50}, {@code lag_p99}, {@code lag_max} in seconds, {@code lag_samples}). After
 *       the stop file, the probe waits up to 60 s for the last ones; {@code lag_unseen} counts
 *       those still not readable then;
 *   <li>the same at the same moments in {@code LOADED_KEYSPACE}, one of the keyspaces the load
 *       writes, to the key {@code PREFIX-lag}, which a first increment of 10^12 (waited for before
 *       the probe starts) keeps at rank 0, so the same ranked read finds it ({@code lag_loaded_*});
 *       a worker applies a batch's quiet keyspaces before its busy ones, so the two differ;
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
 * <pre>IngestProbe WRITE_HOST:PORT READ_HOST:PORT TOP_KEYSPACE PREFIX LOADED_KEYSPACE STOP_FILE [LOADED_FILE [REDIS_HOST:PORT]]</pre>
 */
public final class IngestProbe {
    private static final long SEND_INTERVAL = 200_000_000L;
    private static final long POLL_INTERVAL = 10_000_000L;
    private static final long READ_INTERVAL = 20_000_000L;
    private static final long FINAL_WAIT = 60_000_000_000L;
    /** Keeps the probe's key first in a keyspace whose other keys the load counts up. */
    private static final long LOADED_BASE = 1_000_000_000_000L;

    private IngestProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 6 || args.length > 8) {
            System.err.print("usage: IngestProbe WRITE_HOST:PORT READ_HOST:PORT TOP_KEYSPACE PREFIX LOADED_KEYSPACE"
                    + " STOP_FILE [LOADED_FILE [REDIS_HOST:PORT]]\n");
            System.exit(1);
        }
        Path stop = Path.of(args[5]);
        Path loaded = args.length >= 7 ? Path.of(args[6]) : null;
        RedisTop redis = args.length == 8 ? new RedisTop(address(args[7])) : null;
        Percentiles redisTop = new Percentiles();
        Percentiles redisTopApply = new Percentiles();
        Lag quiet = new Lag(args[3] + "-lag", "p", 0);
        Lag busy = new Lag(args[4], args[3] + "-lag", LOADED_BASE);
        Percentiles top = new Percentiles();
        Percentiles topApply = new Percentiles();
        try (CountdClient client = CountdClient.builder().write(address(args[0])).read(address(args[1])).build()) {
            busy.lift(client);
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
            long nextSend = System.nanoTime();
            long deadline = Long.MAX_VALUE;
            while (quiet.waiting() || busy.waiting() || deadline == Long.MAX_VALUE) {
                long now = System.nanoTime();
                if (deadline == Long.MAX_VALUE && Files.exists(stop)) {
                    deadline = now + FINAL_WAIT;
                }
                if (now > deadline) {
                    break;
                }
                if (deadline == Long.MAX_VALUE && now >= nextSend) {
                    quiet.send(client, now);
                    busy.send(client, now);
                    nextSend += SEND_INTERVAL;
                }
                quiet.poll(client);
                busy.poll(client);
                LockSupport.parkNanos(POLL_INTERVAL);
            }
            reader.join();
        } finally {
            if (redis != null) {
                redis.close();
            }
        }
        System.out.print(quiet.figures("lag") + busy.figures("lag_loaded") + String.format(Locale.ROOT,
                "top_samples %d%ntop_p50 %.5f%ntop_p99 %.5f%ntop_max %.5f%n",
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

    /**
     * The increments of 1 to one key of one keyspace, and when each became readable: its count
     * above {@code base} (the ranked read's first row, which the key is) says how many have.
     */
    private static final class Lag {
        private final String keyspace;
        private final String key;
        private final long base;
        private final long[] sent = new long[1 << 16];
        private final Percentiles samples = new Percentiles();
        private int count;
        private int seen;

        Lag(String keyspace, String key, long base) {
            this.keyspace = keyspace;
            this.key = key;
            this.base = base;
        }

        /** Gives the key its base and waits until that is readable, so that it ranks first. */
        void lift(CountdClient client) {
            if (base == 0) {
                return;
            }
            client.increment(keyspace, key, base);
            long deadline = System.nanoTime() + FINAL_WAIT;
            while (count(client.top(keyspace, 0, 1)) < base) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the probe's first increment to " + keyspace + " never became readable");
                }
                LockSupport.parkNanos(POLL_INTERVAL);
            }
        }

        void send(CountdClient client, long now) {
            if (count < sent.length) {
                sent[count++] = now;
                client.increment(keyspace, key, 1);
            }
        }

        void poll(CountdClient client) {
            long applied = count(client.top(keyspace, 0, 1)) - base;
            long readAt = System.nanoTime();
            while (seen < Math.min(applied, count)) {
                samples.add(readAt - sent[seen++]);
            }
        }

        boolean waiting() {
            return seen < count;
        }

        String figures(String name) {
            return String.format(Locale.ROOT, "%1$s_samples %2$d%n%1$s_unseen %3$d%n%1$s_p50 %4$.4f%n%1$s_p99 %5$.4f%n"
                    + "%1$s_max %6$.4f%n", name, samples.count(), count - seen, samples.seconds(50),
                    samples.seconds(99), samples.seconds(100));
        }
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
