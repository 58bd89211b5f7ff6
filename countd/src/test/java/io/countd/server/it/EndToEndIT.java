package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.countd.server.protocol.ReadRequest;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1: 10 keyspaces × 1000 keys, each key's target split into random positive and
 * negative parts, shuffled and sent pipelined over 8 connections to {@code countd serve}. Every
 * message is acknowledged WIN; ranked reads then give the exact counts, in rank order, without
 * duplicates, and paging by offset and length is right.
 */
class EndToEndIT {
    @TempDir
    Path dir;

    @Test
    void shuffledPartsAddUpExactlyAndReadBackInRankOrder() throws Exception {
        Random random = new Random(20261202);
        Expected expected = new Expected();
        List<byte[]> messages = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            String ks = String.format("keyspace-%010d", s);
            for (int k = 0; k < 1000; k++) {
                String key = Integer.toString(k);
                long target = random.nextInt(2001) - 1000;
                int parts = 1 + random.nextInt(6);
                long rest = target;
                for (int p = 1; p < parts; p++) {
                    long part = random.nextInt(1001) - 500;
                    messages.add(WireClient.message(part, ks, key));
                    rest -= part;
                }
                messages.add(WireClient.message(rest, ks, key));
                expected.add(ks, key, target);
            }
        }
        Collections.shuffle(messages, random);
        try (CountdProcess serve = CountdProcess.start(dir.resolve("logs-of-test"), "Countd", "serve",
                "--data", dir.resolve("data").toString(), "--write", "127.0.0.1:0", "--read", "127.0.0.1:0")) {
            InetSocketAddress writer = serve.address(0);
            InetSocketAddress reader = serve.address(1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<List<String>>> sent = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                List<byte[]> mine = new ArrayList<>();
                for (int i = c; i < messages.size(); i += 8) {
                    mine.add(messages.get(i));
                }
                sent.add(pool.submit(() -> WireClient.sendAll(writer, mine, null)));
            }
            int wins = 0;
            for (Future<List<String>> f : sent) {
                for (String reply : f.get()) {
                    assertEquals("WIN", reply);
                    wins++;
                }
            }
            pool.shutdown();
            assertEquals(messages.size(), wins, "every message acknowledged");

            expected.awaitReadable(reader, 30_000);
            for (String ks : expected.keyspaces()) {
                byte[] name = ks.getBytes(StandardCharsets.UTF_8);
                List<WireClient.Row> all = expected.rows(ks);
                Expected.assertWellFormed(WireClient.all(reader, name, 10_000));
                for (int page : new int[] {1, 7, 100, 999}) {
                    assertEquals(all, WireClient.all(reader, name, page), "pages of " + page);
                }
                WireClient.Answer window = WireClient.read(reader, name, 500, 20);
                assertNull(window.error());
                assertEquals(all.subList(500, 520), window.rows());
                assertEquals(List.of(), WireClient.read(reader, name, all.size(), 10).rows(), "offset at the end");
                assertEquals(List.of(), WireClient.read(reader, name, -1L, 10).rows(), "offset 2^64-1");
                assertEquals(List.of(), WireClient.read(reader, name, 0, 0).rows(), "length 0");
            }
            assertEquals(List.of(), WireClient.read(reader, "no-such-keyspace", 0, 10).rows());
            pipelinedReadsAreAnsweredInOrder(reader, expected, random);
            assertEquals(0, serve.terminate(), "SIGTERM stops serve cleanly");
        }
    }

    /**
     * Requests the read server answers on its event loop (a short window of a keyspace it has
     * open) and ones it hands to a read thread (long windows, a keyspace with no file, one that
     * is not open yet), sent pipelined on one connection: each answer comes in its request's
     * place, with the rows a lone read gives.
     */
    private static void pipelinedReadsAreAnsweredInOrder(InetSocketAddress reader, Expected expected, Random random)
            throws Exception {
        List<String> keyspaces = new ArrayList<>(expected.keyspaces());
        List<byte[]> requests = new ArrayList<>();
        List<List<WireClient.Row>> answers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int pick = random.nextInt(keyspaces.size() + 1);
            String ks = pick == keyspaces.size() ? "never-written-" + i : keyspaces.get(pick);
            List<WireClient.Row> all = pick == keyspaces.size() ? List.of() : expected.rows(ks);
            int offset = random.nextInt(1100);
            int length = random.nextInt(10) == 0 ? 1001 + random.nextInt(500) : random.nextInt(120);
            byte[] q = new byte[ReadRequest.SIZE];
            ReadRequest.encode(ks.getBytes(StandardCharsets.UTF_8), offset, length, q);
            requests.add(q);
            answers.add(all.subList(Math.min(offset, all.size()), Math.min(offset + length, all.size())));
        }
        try (Socket s = new Socket(reader.getAddress(), reader.getPort())) {
            ExecutorService sender = Executors.newSingleThreadExecutor();
            Future<?> sent = sender.submit(() -> {
                for (byte[] q : requests) {
                    s.getOutputStream().write(q);
                }
                return null;
            });
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            for (int i = 0; i < requests.size(); i++) {
                WireClient.Answer a = WireClient.readAnswer(in);
                assertNull(a.error(), "request " + i);
                assertEquals(answers.get(i), a.rows(), "request " + i);
            }
            sent.get();
            sender.shutdown();
        }
    }
}