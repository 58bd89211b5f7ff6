package io.countd.server.cli;

import io.countd.server.net.HostPort;
import io.countd.server.protocol.LittleEndian;
import io.countd.server.protocol.WriteMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code countd bench}: a load generator for the write protocol. Sends N increments of 1 over C
 * connections to K keyspaces × M keys chosen at random, pipelined in batches of B messages per
 * socket write with at most W messages unacknowledged per connection, and reports the
 * acknowledged rate and the latency of each message from the moment its batch was handed to the
 * socket to its {@code WIN}.
 *
 * <p>Each connection has a sending and a receiving thread; messages are encoded into one reused
 * buffer per connection and replies are counted in bulk, so the client costs little of the CPU it
 * shares with the server.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Load generator: sends N increments pipelined over C connections to K keyspaces x M keys chosen "
                + "at random, counting acknowledgements; prints a progress line on a terminal, then the acknowledged "
                + "rate and latency percentiles (from the write of a message's batch to its WIN).",
            "Exit 1 unless every increment was acknowledged."},
        sortOptions = false)
final class Bench implements Callable<Integer> {
    @Option(names = {"-n", "--increments"}, paramLabel = "N", defaultValue = "1000000",
            description = "Increments to send (default ${DEFAULT-VALUE}).")
    long increments;

    @Option(names = {"-c", "--connections"}, paramLabel = "C", defaultValue = "8",
            description = "Connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--keyspaces", paramLabel = "K", defaultValue = "10",
            description = "Keyspaces (default ${DEFAULT-VALUE}).")
    int keyspaces;

    @Option(names = "--keys", paramLabel = "M", defaultValue = "100000",
            description = "Keys per keyspace (default ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--prefix", paramLabel = "TEXT", defaultValue = "bench",
            description = "Keyspaces are named PREFIX-0 … PREFIX-(K-1) (default ${DEFAULT-VALUE}).")
    String prefix;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "128",
            description = "Messages per socket write (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--window", paramLabel = "W", defaultValue = "32768",
            description = "Messages unacknowledged per connection at most (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the random choice of keys (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Mixin
    ServerOptions servers;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress server = servers.writeAddress();
        Checked.flags(() -> CountdWorker.positive("--connections", connections),
                () -> range("--keyspaces", keyspaces, 1, 1_000_000), () -> range("--keys", keys, 1, 100_000_000),
                () -> range("--increments", increments, 1, Long.MAX_VALUE), () -> range("--batch", batch, 1, 4096),
                () -> range("--window", window, batch, 1 << 24), () -> {
                    if ((prefix + "-" + (keyspaces - 1)).getBytes(StandardCharsets.UTF_8).length > WriteMessage.NAME_FIELD) {
                        throw new IllegalArgumentException("--prefix is too long for a keyspace name of 256 bytes");
                    }
                    return prefix;
                });
        byte[][] keyspaceFields = new byte[keyspaces][];
        for (int i = 0; i < keyspaces; i++) {
            keyspaceFields[i] = Arrays.copyOf((prefix + "-" + i).getBytes(StandardCharsets.UTF_8), WriteMessage.NAME_FIELD);
        }
        List<Connection> conns = new ArrayList<>();
        try {
            for (int c = 0; c < connections; c++) {
                long share = increments / connections + (c < increments % connections ? 1 : 0);
                conns.add(new Connection(server, c, share, keyspaceFields));
            }
        } catch (IOException e) {
            for (Connection c : conns) {
                c.socket.close();
            }
            throw new IOException("cannot connect to countd-write at " + HostPort.format(server) + ": " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        for (Connection c : conns) {
            c.start(started);
        }
        boolean terminal = System.console() != null;
        long lastAcked = 0;
        long lastTime = started;
        while (conns.stream().anyMatch(Connection::running)) {
            Thread.sleep(100);
            long now = System.nanoTime();
            if (terminal && now - lastTime >= 500_000_000L) {
                long acked = conns.stream().mapToLong(c -> c.acked.get()).sum();
                System.err.printf("\r%,d of %,d acknowledged, %,.0f/s   ", acked, increments,
                        (acked - lastAcked) / ((now - lastTime) / 1e9));
                lastAcked = acked;
                lastTime = now;
            }
        }
        if (terminal) {
            System.err.print("\r" + " ".repeat(60) + "\r");
        }
        long ended = conns.stream().mapToLong(c -> c.lastReply).max().orElse(started);
        Histogram latency = new Histogram(3);
        long acked = 0;
        long refused = 0;
        for (Connection c : conns) {
            c.socket.close();
            latency.add(c.latency);
            acked += c.acked.get();
            refused += c.refused;
            if (c.failure.get() != null) {
                System.err.println("countd bench: connection " + c.index + ": " + c.failure.get());
            }
        }
        report(acked, refused, Math.max(1, ended - started) / 1e9, latency);
        return acked == increments ? 0 : 1;
    }

    private void report(long acked, long refused, double seconds, Histogram latency) {
        double rate = acked / seconds;
        PrintStream out = Text.stdout();
        if (json) {
            JsonWriter j = new JsonWriter(out);
            j.beginObject().key("increments").value(increments).key("acknowledged").value(acked).key("refused")
                    .value(refused).key("seconds").value(seconds).key("rate").value(rate).key("connections")
                    .value(connections).key("keyspaces").value(keyspaces).key("keys").value(keys).key("batch").value(batch)
                    .key("window").value(window).key("latency_ms").beginObject();
            if (latency.getTotalCount() > 0) {
                j.key("mean").value(latency.getMean() / 1e6);
                for (double p : new double[] {50, 90, 99, 99.9}) {
                    j.key("p" + (p == 99.9 ? "99.9" : Integer.toString((int) p)))
                            .value(latency.getValueAtPercentile(p) / 1e6);
                }
                j.key("max").value(latency.getMaxValue() / 1e6);
            }
            j.endObject().endObject().finish();
            return;
        }
        out.printf("%,d increments acknowledged (%,d refused) in %.3f s over %d connections: %,.0f/s%n", acked, refused,
                seconds, connections, rate);
        if (latency.getTotalCount() > 0) {
            out.printf("latency from batch write to WIN, ms: p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f  "
                    + "(mean %.3f)%n", latency.getValueAtPercentile(50) / 1e6, latency.getValueAtPercentile(90) / 1e6,
                    latency.getValueAtPercentile(99) / 1e6, latency.getValueAtPercentile(99.9) / 1e6,
                    latency.getMaxValue() / 1e6, latency.getMean() / 1e6);
        }
        out.flush();
    }

    private static Object range(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(flag + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    /**
     * One connection: the sender writes batches while it holds window permits and stamps each
     * batch's write time; the receiver counts replies, returns permits and records each reply's
     * latency against its batch's stamp. Batches in flight never exceed the ring of stamps.
     */
    private final class Connection {
        final int index;
        final Socket socket;
        final long share;
        final byte[][] keyspaceFields;
        final Semaphore permits = new Semaphore(window);
        final AtomicLongArray stamps = new AtomicLongArray(window / batch + 2);
        final AtomicLong acked = new AtomicLong();
        final AtomicReference<String> failure = new AtomicReference<>();
        final Histogram latency = new Histogram(3);
        long refused;
        volatile long lastReply;
        private Thread sender;
        private Thread receiver;

        Connection(InetSocketAddress server, int index, long share, byte[][] keyspaceFields) throws IOException {
            this.index = index;
            this.share = share;
            this.keyspaceFields = keyspaceFields;
            this.socket = new Socket();
            socket.setTcpNoDelay(true);
            try {
                socket.connect(server, (int) Math.max(1, servers.timeout.toMillis()));
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        void start(long started) {
            lastReply = started;
            sender = thread("bench-send-" + index, this::send);
            receiver = thread("bench-receive-" + index, this::receive);
        }

        boolean running() {
            return sender.isAlive() || receiver.isAlive();
        }

        private Thread thread(String name, IoTask task) {
            Thread t = new Thread(() -> {
                try {
                    task.run();
                } catch (IOException | InterruptedException e) {
                    stop(name + ": " + e.getMessage());
                }
            }, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** Ends both threads: the other one's socket call fails, or its wait for permits ends. */
        private void stop(String why) {
            failure.compareAndSet(null, why);
            permits.release(window);
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is all that is left to do.
            }
        }

        private void send() throws IOException, InterruptedException {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003 + index);
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[WriteMessage.SIZE * batch];
            for (int i = 0; i < batch; i++) {
                LittleEndian.putLong(buf, i * WriteMessage.SIZE, 1);
            }
            long left = share;
            for (long b = 0; left > 0; b++) {
                int n = (int) Math.min(left, batch);
                for (int i = 0; i < n; i++) {
                    int off = i * WriteMessage.SIZE;
                    System.arraycopy(keyspaceFields[random.nextInt(keyspaceFields.length)], 0, buf,
                            off + WriteMessage.KEYSPACE_OFFSET, WriteMessage.NAME_FIELD);
                    int len = writeKey(buf, off + WriteMessage.KEY_OFFSET, random.nextInt(keys));
                    Arrays.fill(buf, off + WriteMessage.KEY_OFFSET + len, off + WriteMessage.SIZE, (byte) 0);
                }
                permits.acquire(n);
                if (failure.get() != null) {
                    return;
                }
                stamps.set((int) (b % stamps.length()), System.nanoTime());
                out.write(buf, 0, n * WriteMessage.SIZE);
                left -= n;
            }
        }

        private void receive() throws IOException {
            InputStream in = socket.getInputStream();
            socket.setSoTimeout((int) Math.max(1, servers.timeout.toMillis()));
            byte[] buf = new byte[3 * 4096];
            long received = 0;
            int partial = 0;
            while (received < share) {
                int r;
                try {
                    r = in.read(buf, partial, buf.length - partial);
                } catch (SocketTimeoutException e) {
                    stop("no reply for " + servers.timeout.toMillis() + " ms after " + received + " of " + share
                            + " replies (see --timeout)");
                    return;
                }
                if (r < 0) {
                    stop("the server closed the connection after " + received + " of " + share + " replies");
                    return;
                }
                long now = System.nanoTime();
                int have = partial + r;
                int replies = have / 3;
                int wins = 0;
                for (int i = 0; i < replies; i++) {
                    if (buf[i * 3] == 'W') {
                        wins++;
                    }
                }
                // Replies are in message order: those of one batch share its stamp.
                long m = received;
                long end = received + replies;
                while (m < end) {
                    long b = m / batch;
                    long upTo = Math.min(end, (b + 1) * batch);
                    latency.recordValueWithCount(Math.max(0, now - stamps.get((int) (b % stamps.length()))), upTo - m);
                    m = upTo;
                }
                received = end;
                refused += replies - wins;
                acked.addAndGet(wins);
                lastReply = now;
                permits.release(replies);
                partial = have - replies * 3;
                System.arraycopy(buf, replies * 3, buf, 0, partial);
            }
        }
    }

    /** Writes {@code key-<n>} at {@code off}; returns its length. */
    private static int writeKey(byte[] buf, int off, int n) {
        buf[off] = 'k';
        buf[off + 1] = 'e';
        buf[off + 2] = 'y';
        buf[off + 3] = '-';
        int digits = 1;
        for (int v = n; v >= 10; v /= 10) {
            digits++;
        }
        for (int i = digits - 1, v = n; i >= 0; i--, v /= 10) {
            buf[off + 4 + i] = (byte) ('0' + v % 10);
        }
        return 4 + digits;
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException, InterruptedException;
    }
}
