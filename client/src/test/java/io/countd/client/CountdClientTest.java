package io.countd.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The client's write and read paths against scripted servers on real loopback sockets: batching
 * and ordering, ERR, a connection that breaks after some replies, a silent server, a bad reply,
 * close, and ranked reads with rows and errors.
 */
class CountdClientTest {
    private static final byte[] WIN = "WIN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERR = "ERR".getBytes(StandardCharsets.US_ASCII);

    /** Answers every complete message as countd-write does: ERR for an empty name, else WIN. */
    private static void answerAll(java.net.Socket s, Map<String, AtomicLong> sums) throws Exception {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] m = new byte[Wire.MESSAGE_SIZE];
        while (FakeServer.readFully(in, m)) {
            byte[] ks = Wire.name(m, 8);
            byte[] key = Wire.name(m, 8 + Wire.NAME_FIELD);
            if (ks.length == 0 || key.length == 0) {
                out.write(ERR);
            } else {
                sums.computeIfAbsent(new String(ks, StandardCharsets.UTF_8) + "/" + new String(key, StandardCharsets.UTF_8),
                        k -> new AtomicLong()).addAndGet(Wire.getLong(m, 0));
                out.write(WIN);
            }
        }
    }

    @Test
    void incrementsFromManyThreadsAreAllAcknowledgedAndArriveIntact() throws Exception {
        Map<String, AtomicLong> sums = new ConcurrentHashMap<>();
        try (FakeServer server = new FakeServer((s, i) -> answerAll(s, sums))) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            try (CountdClient client = CountdClient.builder().write(server.address()).build()) {
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    List<CompletableFuture<Void>> mine = new ArrayList<>();
                    threads.add(new Thread(() -> {
                        for (int i = 0; i < 5000; i++) {
                            mine.add(client.increment("ks-" + thread, "k" + (i % 50), i % 7 - 3));
                        }
                        synchronized (futures) {
                            futures.addAll(mine);
                        }
                    }));
                }
                threads.forEach(Thread::start);
                for (Thread t : threads) {
                    t.join();
                }
                CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
            }
            assertEquals(20_000, futures.size());
            for (int t = 0; t < 4; t++) {
                for (int k = 0; k < 50; k++) {
                    long expected = 0;
                    for (int i = k; i < 5000; i += 50) {
                        expected += i % 7 - 3;
                    }
                    AtomicLong got = sums.get("ks-" + t + "/k" + k);
                    assertEquals(expected, got == null ? 0 : got.get(), "ks-" + t + "/k" + k);
                }
            }
            assertEquals(List.of(), server.awaitHandlers());
        }
    }

    @Test
    void errFailsOnlyThatIncrementWithRefusedAndTheConnectionGoesOn() throws Exception {
        Map<String, AtomicLong> sums = new ConcurrentHashMap<>();
        try (FakeServer server = new FakeServer((s, i) -> answerAll(s, sums));
                CountdClient client = CountdClient.builder().write(server.address()).build()) {
            CompletableFuture<Void> before = client.increment("a", "b", 1);
            CompletableFuture<Void> refused = client.increment("", "b", 1);
            CompletableFuture<Void> after = client.increment("a", "b", 2);
            before.join();
            CompletionException e = assertThrows(CompletionException.class, refused::join);
            assertInstanceOf(RefusedException.class, e.getCause());
            after.join();
            assertEquals(3, sums.get("a/b").get());
        }
    }

    @Test
    void aConnectionThatBreaksFailsTheUnansweredWithConnectionLostAndTheNextIncrementReconnects() throws Exception {
        CountDownLatch allSent = new CountDownLatch(1);
        Map<String, AtomicLong> sums = new ConcurrentHashMap<>();
        try (FakeServer server = new FakeServer((s, index) -> {
            if (index > 0) {
                answerAll(s, sums);
                return;
            }
            // The first connection: read 100 messages, answer 40 of them, then drop the connection.
            byte[] m = new byte[Wire.MESSAGE_SIZE];
            for (int i = 0; i < 100; i++) {
                assertTrue(FakeServer.readFully(s.getInputStream(), m));
            }
            allSent.await();
            for (int i = 0; i < 40; i++) {
                s.getOutputStream().write(WIN);
            }
            s.getOutputStream().flush();
        }); CountdClient client = CountdClient.builder().write(server.address()).build()) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                futures.add(client.increment("ks", "k", 1));
            }
            allSent.countDown();
            int ok = 0;
            for (int i = 0; i < 100; i++) {
                try {
                    futures.get(i).join();
                    assertTrue(i < 40, "increment " + i + " succeeded");
                    ok++;
                } catch (CompletionException e) {
                    assertTrue(i >= 40, "increment " + i + " failed: " + e.getCause());
                    assertInstanceOf(ConnectionLostException.class, e.getCause(), e.getCause()::toString);
                }
            }
            assertEquals(40, ok);
            client.increment("ks", "k", 5).join();
            assertEquals(5, sums.get("ks/k").get());
            assertEquals(List.of(), server.failures);
        }
    }

    @Test
    void noReplyWithinTheAcknowledgementTimeoutFailsWithConnectionLost() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        try (FakeServer server = new FakeServer((s, i) -> {
            byte[] m = new byte[Wire.MESSAGE_SIZE];
            FakeServer.readFully(s.getInputStream(), m);
            done.await(30, TimeUnit.SECONDS);
        }); CountdClient client = CountdClient.builder().write(server.address()).ackTimeout(Duration.ofMillis(200)).build()) {
            CompletionException e = assertThrows(CompletionException.class, () -> client.increment("ks", "k", 1).join());
            assertInstanceOf(ConnectionLostException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("no acknowledgement"), e.getCause().getMessage());
            done.countDown();
        }
    }

    @Test
    void anUnknownReplyBreaksTheConnection() throws Exception {
        try (FakeServer server = new FakeServer((s, i) -> {
            byte[] m = new byte[Wire.MESSAGE_SIZE];
            FakeServer.readFully(s.getInputStream(), m);
            s.getOutputStream().write("WHY".getBytes(StandardCharsets.US_ASCII));
            FakeServer.readFully(s.getInputStream(), m);
        }); CountdClient client = CountdClient.builder().write(server.address()).build()) {
            CompletionException e = assertThrows(CompletionException.class, () -> client.increment("ks", "k", 1).join());
            assertInstanceOf(ConnectionLostException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("WHY"), e.getCause().getMessage());
        }
    }

    @Test
    void withoutAServerAnIncrementFailsAsNotSent() throws Exception {
        InetSocketAddress closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
        try (CountdClient client = CountdClient.builder().write(closed).read(closed).build()) {
            CompletionException e = assertThrows(CompletionException.class, () -> client.increment("ks", "k", 1).join());
            assertEquals(CountdException.class, e.getCause().getClass());
            assertTrue(e.getCause().getMessage().startsWith("cannot connect"), e.getCause().getMessage());
            CountdException read = assertThrows(CountdException.class, () -> client.top("ks", 0, 10));
            assertTrue(read.getMessage().startsWith("cannot connect"), read.getMessage());
        }
    }

    @Test
    void closeWaitsForEveryAcknowledgement() throws Exception {
        try (FakeServer server = new FakeServer((s, i) -> {
            InputStream in = s.getInputStream();
            byte[] m = new byte[Wire.MESSAGE_SIZE];
            // Answer only once the client has ended its input: everything waits on close.
            List<byte[]> got = new ArrayList<>();
            while (FakeServer.readFully(in, m)) {
                got.add(m.clone());
            }
            for (int k = 0; k < got.size(); k++) {
                s.getOutputStream().write(WIN);
            }
        })) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            CountdClient client = CountdClient.builder().write(server.address()).build();
            for (int i = 0; i < 1000; i++) {
                futures.add(client.increment("ks", "k" + i, 1));
            }
            assertTrue(futures.stream().noneMatch(CompletableFuture::isDone));
            client.close();
            for (CompletableFuture<Void> f : futures) {
                assertTrue(f.isDone() && !f.isCompletedExceptionally());
            }
            assertThrows(IllegalStateException.class, () -> client.increment("ks", "k", 1));
            assertThrows(IllegalStateException.class, () -> client.top("ks", 0, 1));
        }
    }

    @Test
    void argumentsThatCannotBeEncodedAreRefusedAtOnce() {
        try (CountdClient client = CountdClient.builder().build()) {
            byte[] tooLong = new byte[257];
            Arrays.fill(tooLong, (byte) 'a');
            assertThrows(IllegalArgumentException.class, () -> client.increment(tooLong, new byte[] {1}, 1));
            assertThrows(IllegalArgumentException.class, () -> client.increment("k\0s", "k", 1));
            assertThrows(IllegalArgumentException.class, () -> client.top("ks", -1, 1));
            assertThrows(IllegalArgumentException.class, () -> client.top("ks", 0, 10_001));
            assertThrows(IllegalArgumentException.class, () -> client.get("", "k"));
        }
    }

    @Test
    void topReturnsRankedRowsAndRefusedOnAnErrorResponse() throws Exception {
        try (FakeServer server = new FakeServer((s, i) -> {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] q = new byte[Wire.REQUEST_SIZE];
            while (FakeServer.readFully(in, q)) {
                byte[] ks = Wire.name(q, 0);
                long offset = Wire.getLong(q, Wire.NAME_FIELD);
                long length = Wire.getLong(q, Wire.NAME_FIELD + 8);
                byte[] answer;
                if (ks.length == 0) {
                    answer = new byte[8 + Wire.NAME_FIELD];
                    Wire.putLong(answer, 0, -1);
                    byte[] text = "empty keyspace name".getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(text, 0, answer, 8, text.length);
                } else {
                    // Rows "r<rank>" with count 1000 - rank, up to rank 4.
                    int n = (int) Math.max(0, Math.min(length, 5 - offset));
                    answer = new byte[8 + n * Wire.ROW_SIZE];
                    Wire.putLong(answer, 0, n);
                    for (int r = 0; r < n; r++) {
                        int at = 8 + r * Wire.ROW_SIZE;
                        Wire.putLong(answer, at, 1000 - (offset + r));
                        byte[] key = ("r" + (offset + r)).getBytes(StandardCharsets.UTF_8);
                        System.arraycopy(key, 0, answer, at + 8, key.length);
                    }
                }
                out.write(answer);
            }
        }); CountdClient client = CountdClient.builder().read(server.address()).build()) {
            List<Row> rows = client.top("ks", 3, 10);
            assertEquals(2, rows.size());
            assertEquals(3, rows.get(0).rank());
            assertEquals("r3", rows.get(0).keyString());
            assertEquals(997, rows.get(0).count());
            assertEquals(4, rows.get(1).rank());
            assertEquals(List.of(), client.top("ks", 9, 10));
            RefusedException e = assertThrows(RefusedException.class, () -> client.top("", 0, 1));
            assertTrue(e.getMessage().endsWith("empty keyspace name"), e.getMessage());
            assertEquals(5, client.top("ks", 0, 100).size(), "the connection stays usable after an error");
        }
    }
}
