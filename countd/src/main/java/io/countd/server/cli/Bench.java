package io.countd.server.cli;

import io.countd.server.net.HostPort;
import io.countd.server.protocol.LittleEndian;
import io.countd.server.protocol.WriteMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code countd bench}: a load generator for the write protocol. Sends N increments over C
 * connections, pipelined (each connection has a sending and a receiving thread), to K keyspaces ×
 * M keys chosen at random, and reports the acknowledged rate.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Sends increments pipelined over several connections and reports the acknowledged rate.",
        sortOptions = false)
final class Bench implements Callable<Integer> {
    @Option(names = "--write", paramLabel = "HOST:PORT", defaultValue = "${env:COUNTD_WRITE:-127.0.0.1:48879}",
            description = "countd-write's address (env COUNTD_WRITE; default ${DEFAULT-VALUE}).")
    String write;

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

    @Override
    public Integer call() throws Exception {
        InetSocketAddress server = Checked.flag(() -> HostPort.parse(write));
        Checked.flags(() -> CountdWorker.positive("--connections", connections),
                () -> CountdWorker.positive("--keyspaces", keyspaces), () -> range("--keys", keys, 1, 100_000_000),
                () -> range("--increments", increments, 1, Long.MAX_VALUE));
        byte[][] keyspaceFields = new byte[keyspaces][];
        for (int i = 0; i < keyspaces; i++) {
            keyspaceFields[i] = Arrays.copyOf((prefix + "-" + i).getBytes(StandardCharsets.UTF_8), WriteMessage.NAME_FIELD);
        }
        AtomicLong acked = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Socket> sockets = new ArrayList<>();
        long started = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            long share = increments / connections + (c < increments % connections ? 1 : 0);
            Socket s = new Socket(server.getAddress(), server.getPort());
            s.setTcpNoDelay(true);
            sockets.add(s);
            SplittableRandom random = new SplittableRandom(c);
            threads.add(start("bench-send-" + c, () -> send(s.getOutputStream(), share, random, keyspaceFields)));
            threads.add(start("bench-receive-" + c, () -> receive(s.getInputStream(), share, acked, refused)));
        }
        long lastReport = started;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            Thread.sleep(100);
            if (System.console() != null && System.nanoTime() - lastReport > 1_000_000_000L) {
                lastReport = System.nanoTime();
                System.err.printf("\r%,d of %,d acknowledged", acked.get(), increments);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        for (Socket s : sockets) {
            s.close();
        }
        if (System.console() != null) {
            System.err.print("\r");
        }
        System.out.printf("%,d increments acknowledged (%,d refused) in %.3f s over %d connections: %,.0f/s%n",
                acked.get(), refused.get(), seconds, connections, acked.get() / seconds);
        return acked.get() == increments ? 0 : 1;
    }

    private void send(OutputStream out, long count, SplittableRandom random, byte[][] keyspaces)
            throws IOException {
        byte[] buf = new byte[WriteMessage.SIZE * 128];
        long left = count;
        while (left > 0) {
            int n = (int) Math.min(left, 128);
            for (int i = 0; i < n; i++) {
                int off = i * WriteMessage.SIZE;
                LittleEndian.putLong(buf, off, 1);
                System.arraycopy(keyspaces[random.nextInt(keyspaces.length)], 0, buf,
                        off + WriteMessage.KEYSPACE_OFFSET, WriteMessage.NAME_FIELD);
                int key = random.nextInt(keys);
                int len = writeKey(buf, off + WriteMessage.KEY_OFFSET, key);
                Arrays.fill(buf, off + WriteMessage.KEY_OFFSET + len, off + WriteMessage.SIZE, (byte) 0);
            }
            out.write(buf, 0, n * WriteMessage.SIZE);
            left -= n;
        }
        out.flush();
    }

    /** Writes {@code key-<n>} at {@code off}; returns its length. */
    private static int writeKey(byte[] buf, int off, int n) {
        buf[off] = 'k';
        buf[off + 1] = 'e';
        buf[off + 2] = 'y';
        buf[off + 3] = '-';
        String digits = Integer.toString(n);
        for (int i = 0; i < digits.length(); i++) {
            buf[off + 4 + i] = (byte) digits.charAt(i);
        }
        return 4 + digits.length();
    }

    private static void receive(InputStream in, long count, AtomicLong acked, AtomicLong refused) throws IOException {
        byte[] buf = new byte[3 * 4096];
        long received = 0;
        int partial = 0;
        while (received < count) {
            int n = in.read(buf, partial, buf.length - partial);
            if (n < 0) {
                return;
            }
            int have = partial + n;
            int replies = have / 3;
            int wins = 0;
            for (int i = 0; i < replies; i++) {
                if (buf[i * 3] == 'W') {
                    wins++;
                }
            }
            acked.addAndGet(wins);
            refused.addAndGet(replies - wins);
            received += replies;
            partial = have - replies * 3;
            System.arraycopy(buf, replies * 3, buf, 0, partial);
        }
    }

    private Thread start(String name, IoTask task) {
        Thread t = new Thread(() -> {
            try {
                task.run();
            } catch (IOException e) {
                System.err.println("countd bench: " + name + ": " + e.getMessage());
            }
        }, name);
        t.start();
        return t;
    }

    private static Object range(String flag, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(flag + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException;
    }
}
