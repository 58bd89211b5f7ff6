package io.countd.server.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.log.CommitLogPool;
import io.countd.server.log.PendingLog;
import io.countd.server.log.PoolConfig;
import io.countd.server.protocol.WriteMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write server in process over a real pool: whatever the TCP segmentation, each complete
 * message gets one reply in order, exactly the valid non-zero messages reach the log in order,
 * and a full pool holds the connection back until logs are recycled.
 */
class WriteServerTest {
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    private static PoolConfig config(int maxLogs) {
        return new PoolConfig(PoolConfig.MIN_LOG_BYTES, 1, maxLogs, 1, Duration.ofMillis(50), Duration.ofMillis(50),
                Duration.ofMillis(50), Duration.ofMillis(20));
    }

    @Test
    void randomSegmentationGivesOneReplyPerMessageAndTheLogHoldsTheValidOnes() throws Exception {
        Random random = new Random(99);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        StringBuilder expectedReplies = new StringBuilder();
        List<String> expectedRecords = new ArrayList<>();
        byte[] m = new byte[WriteMessage.SIZE];
        for (int i = 0; i < 5000; i++) {
            byte[] ks = ("ks" + random.nextInt(3)).getBytes(StandardCharsets.US_ASCII);
            byte[] key = new byte[1 + random.nextInt(256)];
            random.nextBytes(key);
            for (int b = 0; b < key.length; b++) {
                key[b] = key[b] == 0 ? 1 : key[b];
            }
            long increment = random.nextInt(10) == 0 ? 0 : random.nextLong();
            if (random.nextInt(20) == 0) {
                ks = new byte[0];
            }
            WriteMessage.encode(increment, ks, key, m);
            stream.write(m);
            expectedReplies.append(ks.length == 0 ? "ERR" : "WIN");
            if (ks.length > 0 && increment != 0) {
                expectedRecords.add(HEX.formatHex(ks) + "/" + HEX.formatHex(key) + "/" + increment);
            }
        }
        stream.write(m, 0, 100); // an incomplete message at the end: dropped
        byte[] bytes = stream.toByteArray();

        try (CommitLogPool pool = CommitLogPool.open(dir, config(100))) {
            GroupCommit commit = new GroupCommit(pool.openSink(), FsyncPolicy.ALWAYS, 64 << 10, 3);
            WriteServer server = WriteServer.start(new InetSocketAddress("127.0.0.1", 0), commit, 2);
            String replies;
            try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(s));
                OutputStream out = s.getOutputStream();
                for (int at = 0; at < bytes.length;) {
                    int n = Math.min(bytes.length - at, 1 + random.nextInt(random.nextBoolean() ? 600 : 20_000));
                    out.write(bytes, at, n);
                    out.flush();
                    at += n;
                    if (random.nextInt(50) == 0) {
                        Thread.sleep(2);
                    }
                }
                s.shutdownOutput();
                replies = new String(received.get(60, TimeUnit.SECONDS), StandardCharsets.US_ASCII);
            }
            assertEquals(expectedReplies.length(), replies.length(), "one reply per complete message");
            assertEquals(expectedReplies.toString(), replies);
            server.close();
            assertEquals(expectedRecords, drain(pool), "the valid messages, in order, once each");
        }
    }

    @Test
    void aFullPoolHoldsTheClientBackUntilLogsAreRecycled() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(2))) {
            GroupCommit commit = new GroupCommit(pool.openSink(), FsyncPolicy.NEVER, 64 << 10, 2);
            WriteServer server = WriteServer.start(new InetSocketAddress("127.0.0.1", 0), commit, 1);
            // About 52 MB of messages (25 MB of records): far more than two logs hold, and more
            // than the kernel's socket buffers can take in on any machine, so the sender stays
            // blocked while the pool is full.
            int total = 100_000;
            // The reader and the sender block, so each needs a thread of its own: the default
            // executor may have one thread (Java 25's common pool on 2 CPUs), and then the sender
            // would wait behind the reader forever.
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(s), threads);
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                    try {
                        sendLongKeyMessages(s, "bp", total);
                        s.shutdownOutput();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, threads);
                Thread.sleep(1000);
                assertTrue(!received.isDone() && !sent.isDone(), "held back while the pool is full");
                assertTrue(!commit.sinkHasRoom());
                long records = 0;
                while (!received.isDone()) {
                    try (PendingLog log = pool.take(100, TimeUnit.MILLISECONDS)) {
                        if (log != null) {
                            records += log.read((ks, ksl, k, kl, n) -> { }).records();
                            log.markApplied();
                        }
                    }
                }
                byte[] replies = received.get();
                assertEquals(total * 3, replies.length);
                assertEquals("WIN".repeat(total), new String(replies, StandardCharsets.US_ASCII));
                server.close();
                records += drain(pool).size();
                assertEquals(total, records, "every acknowledged message stored once");
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void aStopWithTheLogPoolFullEndsAndEveryWinIsStored() throws Exception {
        try (CommitLogPool pool = CommitLogPool.open(dir, config(2))) {
            GroupCommit commit = new GroupCommit(pool.openSink(), FsyncPolicy.NEVER, 64 << 10, 2);
            WriteServer server = WriteServer.start(new InetSocketAddress("127.0.0.1", 0), commit, 1);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readUntilClosed(s), threads);
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                    try {
                        sendLongKeyMessages(s, "stop", 100_000);
                    } catch (java.io.IOException e) {
                        // The server closed the connection while it stopped.
                    }
                }, threads);
                while (commit.sinkHasRoom()) {
                    Thread.sleep(50);
                }
                // No worker will ever make room: the stop must not wait for one.
                Thread stopper = new Thread(server::close, "stopper");
                stopper.start();
                stopper.join(TimeUnit.SECONDS.toMillis(60));
                assertFalse(stopper.isAlive(), "the stop ended");
                byte[] replies = received.get(30, TimeUnit.SECONDS);
                sent.get(30, TimeUnit.SECONDS);
                int wins = replies.length / 3;
                assertEquals("WIN".repeat(wins), new String(replies, StandardCharsets.US_ASCII));
                assertTrue(wins > 0 && wins < 100_000, wins + " acknowledged");
                assertTrue(drain(pool).size() >= wins, "every acknowledged message is in a sealed log");
            } finally {
                threads.shutdownNow();
            }
        }
    }

    /** Sends {@code count} increments of 1 to one key of 250 bytes (records of about 260 bytes). */
    private static void sendLongKeyMessages(Socket s, String keyspace, int count) throws java.io.IOException {
        byte[] key = "k".repeat(250).getBytes(StandardCharsets.US_ASCII);
        byte[] m = new byte[WriteMessage.SIZE];
        WriteMessage.encode(1, keyspace.getBytes(StandardCharsets.US_ASCII), key, m);
        OutputStream out = s.getOutputStream();
        for (int i = 0; i < count; i++) {
            out.write(m);
        }
    }

    /** Takes every sealed log and returns its records as keyspace/key/increment. */
    private static List<String> drain(CommitLogPool pool) throws Exception {
        List<String> records = new ArrayList<>();
        PendingLog log;
        while ((log = pool.take(300, TimeUnit.MILLISECONDS)) != null) {
            try (PendingLog l = log) {
                assertNull(l.read((ks, ksl, key, kl, n) -> records.add(HEX.formatHex(ks, 0, ksl) + "/"
                        + HEX.formatHex(key, 0, kl) + "/" + n)).damage());
                l.markApplied();
            }
        }
        return records;
    }

    /**
     * The bytes read until the server closes the connection, also when it resets it (a server that
     * closes with unread input sends a reset, which may arrive before replies already sent are read).
     */
    private static byte[] readUntilClosed(Socket s) {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            InputStream in = s.getInputStream();
            for (int n; (n = in.read(buf)) > 0; ) {
                got.write(buf, 0, n);
            }
        } catch (java.io.IOException reset) {
            // The end of this connection, as a close would be.
        }
        return got.toByteArray();
    }

    private static byte[] readAll(Socket s) {
        try {
            InputStream in = s.getInputStream();
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
