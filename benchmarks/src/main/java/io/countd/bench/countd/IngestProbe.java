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
 *   <li>lag: every 200 ms one increment of 1 to the key {@code p} of keyspace {@code PREFIX-lag};
 *       then ranked reads of that keyspace every 10 ms until the count shows it. A sample is the
 *       time from the increment's call to the read that shows it ({@code lag_p50}, {@code lag_p99},
 *       {@code lag_max} in seconds, {@code lag_samples}; {@code lag_unseen} counts increments not
 *       seen within 30 s);
 *   <li>ranked reads: every 20 ms the top 100 of {@code TOP_KEYSPACE} over the binary protocol
 *       ({@code top_p50}, {@code top_p99}, {@code top_max} in seconds, {@code top_samples}).
 * </ul>
 *
 * <pre>IngestProbe WRITE_HOST:PORT READ_HOST:PORT TOP_KEYSPACE PREFIX STOP_FILE</pre>
 */
public final class IngestProbe {
    private static final long LAG_INTERVAL = 200_000_000L;
    private static final long POLL_INTERVAL = 10_000_000L;
    private static final long UNSEEN_AFTER = 30_000_000_000L;
    private static final long READ_INTERVAL = 20_000_000L;

    private IngestProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 5) {
            System.err.print("usage: IngestProbe WRITE_HOST:PORT READ_HOST:PORT TOP_KEYSPACE PREFIX STOP_FILE\n");
            System.exit(1);
        }
        Path stop = Path.of(args[4]);
        Percentiles lag = new Percentiles();
        Percentiles top = new Percentiles();
        long[] unseen = {0};
        try (CountdClient client = CountdClient.builder().write(address(args[0])).read(address(args[1])).build()) {
            String lagKeyspace = args[3] + "-lag";
            Thread reader = new Thread(() -> {
                while (!Files.exists(stop)) {
                    long t0 = System.nanoTime();
                    client.top(args[2], 0, 100);
                    top.add(System.nanoTime() - t0);
                    LockSupport.parkNanos(READ_INTERVAL);
                }
            });
            reader.start();
            long expected = 0;
            while (!Files.exists(stop)) {
                long t0 = System.nanoTime();
                client.increment(lagKeyspace, "p", 1).join();
                expected++;
                while (count(client.top(lagKeyspace, 0, 1)) < expected) {
                    if (System.nanoTime() - t0 > UNSEEN_AFTER) {
                        unseen[0]++;
                        break;
                    }
                    LockSupport.parkNanos(POLL_INTERVAL);
                }
                long took = System.nanoTime() - t0;
                if (took <= UNSEEN_AFTER) {
                    lag.add(took);
                }
                LockSupport.parkNanos(Math.max(0, LAG_INTERVAL - took));
            }
            reader.join();
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "lag_samples %d%nlag_unseen %d%nlag_p50 %.4f%nlag_p99 %.4f%nlag_max %.4f%n",
                lag.count(), unseen[0], lag.seconds(50), lag.seconds(99), lag.seconds(100)));
        out.append(String.format(Locale.ROOT, "top_samples %d%ntop_p50 %.5f%ntop_p99 %.5f%ntop_max %.5f%n",
                top.count(), top.seconds(50), top.seconds(99), top.seconds(100)));
        System.out.print(out);
    }

    private static long count(List<Row> rows) {
        return rows.isEmpty() ? 0 : rows.get(0).count();
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
