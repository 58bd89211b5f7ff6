package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.server.protocol.ReadRequest;
import io.countd.server.protocol.WriteMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 4: bad input against one {@code countd serve}. Each case gets its documented reply
 * (format-spec/countd-protocol.md), the server stays up, valid traffic is unaffected and no file
 * appears outside the data folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    @TempDir
    static Path dir;
    private CountdProcess serve;
    private InetSocketAddress writer;
    private InetSocketAddress reader;

    @BeforeAll
    void start() throws IOException {
        serve = CountdProcess.start(dir.resolve("stderr"), "Countd", "serve", "--data", dir.resolve("data").toString(),
                "--write", "127.0.0.1:0", "--read", "127.0.0.1:0");
        writer = serve.address(0);
        reader = serve.address(1);
    }

    @AfterAll
    void stop() throws Exception {
        assertTrue(serve.isAlive(), "the server survived every case");
        assertEquals(0, serve.terminate());
        try (var files = Files.list(dir)) {
            assertEquals(Set.of("data", "stderr"), files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
                    "nothing was created beside the data folder");
        }
        try (var files = Files.list(dir.resolve("data"))) {
            Set<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertTrue(Set.of("logs", "keyspaces", "quarantine").containsAll(names), "data folder holds " + names);
        }
    }

    @Test
    void aMessageSplitAcrossWritesGetsOneReply() throws Exception {
        byte[] m = WireClient.message(1, "split", "k");
        try (Socket s = connect(writer)) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < m.length; i += 97) {
                out.write(m, i, Math.min(97, m.length - i));
                out.flush();
                Thread.sleep(5);
            }
            s.shutdownOutput();
            assertEquals("WIN", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aHalfClosedConnectionGetsItsRepliesThenIsClosedAndThePartialMessageIsDropped() throws Exception {
        try (Socket s = connect(writer)) {
            OutputStream out = s.getOutputStream();
            out.write(WireClient.message(1, "half", "a"));
            out.write(WireClient.message(2, "half", "b"));
            out.write(WireClient.message(4, "half", "never"), 0, 300);
            s.shutdownOutput();
            assertEquals("WINWIN", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
        try (Socket s = connect(writer)) {
            s.getOutputStream().write(new byte[519]);
            s.shutdownOutput();
            assertEquals(0, s.getInputStream().readAllBytes().length, "a lone partial message gets no reply");
        }
        awaitRows("half", List.of(new WireClient.Row(2, bytes("b")), new WireClient.Row(1, bytes("a"))));
    }

    @Test
    void emptyAndNulOnlyNamesAreRefusedAndTheConnectionStaysUsable() throws Exception {
        byte[] nulOnly = new byte[WriteMessage.SIZE];
        nulOnly[0] = 5;
        byte[] garbageAfterNul = WireClient.message(5, "", "k");
        Arrays.fill(garbageAfterNul, WriteMessage.KEYSPACE_OFFSET + 1, WriteMessage.KEY_OFFSET, (byte) 'z');
        List<String> replies = WireClient.sendAll(writer, List.of(WireClient.message(1, "", "k"),
                WireClient.message(1, "ks", ""), nulOnly, garbageAfterNul, WireClient.message(0, "", ""),
                WireClient.message(3, "empties", "ok")), null);
        assertEquals(List.of("ERR", "ERR", "ERR", "ERR", "ERR", "WIN"), replies);
        awaitRows("empties", List.of(new WireClient.Row(3, bytes("ok"))));
    }

    @Test
    void garbageStreamsAreCutIntoMessagesAndAnsweredOneByOne() throws Exception {
        Random random = new Random(42);
        List<byte[]> garbage = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        WriteMessage parsed = new WriteMessage();
        for (int i = 0; i < 200; i++) {
            byte[] m = new byte[WriteMessage.SIZE];
            random.nextBytes(m);
            if (i % 3 == 0) {
                m[WriteMessage.KEYSPACE_OFFSET] = 0;
            }
            garbage.add(m);
            expected.add(parsed.parse(m).rejected() ? "ERR" : "WIN");
        }
        assertEquals(expected, WireClient.sendAll(writer, garbage, null));
        assertEquals(List.of("WIN"), WireClient.sendAll(writer, List.of(WireClient.message(1, "after-garbage", "k")), null));
        awaitRows("after-garbage", List.of(new WireClient.Row(1, bytes("k"))));
    }

    @Test
    void longAndPathLikeNamesAreOrdinaryNames() throws Exception {
        byte[] longName = new byte[256];
        Arrays.fill(longName, (byte) 'x');
        longName[255] = 'y';
        byte[] highBytes = new byte[256];
        Arrays.fill(highBytes, (byte) 0xFF);
        List<byte[]> names = List.of(longName, highBytes, bytes("../x"), bytes("/etc/passwd"), bytes("lock-0000000000"),
                bytes("0000000001"), bytes("."), bytes(".."), bytes("a/b"), bytes("keyspaces"), bytes("logs"));
        long passwd = Files.getLastModifiedTime(Path.of("/etc/passwd")).toMillis();
        List<byte[]> messages = new ArrayList<>();
        for (byte[] ks : names) {
            for (byte[] key : names) {
                messages.add(WireClient.message(1, ks, key));
            }
        }
        List<String> replies = WireClient.sendAll(writer, messages, null);
        assertEquals(messages.size(), replies.size());
        assertTrue(replies.stream().allMatch("WIN"::equals));
        for (byte[] ks : names) {
            long deadline = System.currentTimeMillis() + 10_000;
            List<WireClient.Row> rows;
            do {
                rows = WireClient.all(reader, ks, 100);
                if (rows.size() < names.size()) {
                    Thread.sleep(100);
                }
            } while (rows.size() < names.size() && System.currentTimeMillis() < deadline);
            assertEquals(names.size(), rows.size(), "keys of " + new String(ks, StandardCharsets.UTF_8));
            for (byte[] key : names) {
                assertTrue(rows.stream().anyMatch(r -> Arrays.equals(r.key(), key) && r.count() == 1));
            }
        }
        assertEquals(passwd, Files.getLastModifiedTime(Path.of("/etc/passwd")).toMillis());
        assertTrue(Files.notExists(dir.resolve("x")) && Files.notExists(dir.resolve("data/x")));
    }

    @Test
    void countsSaturateAtTheSigned64BitLimits() throws Exception {
        assertEquals(List.of("WIN", "WIN", "WIN", "WIN"), WireClient.sendAll(writer, List.of(
                WireClient.message(Long.MAX_VALUE, "overflow", "up"), WireClient.message(1, "overflow", "up"),
                WireClient.message(Long.MIN_VALUE, "overflow", "down"), WireClient.message(-1, "overflow", "down")), null));
        awaitRows("overflow", List.of(new WireClient.Row(Long.MAX_VALUE, bytes("up")),
                new WireClient.Row(Long.MIN_VALUE, bytes("down"))));
        // Across logs too: the next increments land in a later log (idle sealing is 1 s).
        Thread.sleep(1500);
        assertEquals(List.of("WIN", "WIN"), WireClient.sendAll(writer, List.of(
                WireClient.message(Long.MAX_VALUE, "overflow", "up"), WireClient.message(-5, "overflow", "down")), null));
        Thread.sleep(2500);
        awaitRows("overflow", List.of(new WireClient.Row(Long.MAX_VALUE, bytes("up")),
                new WireClient.Row(Long.MIN_VALUE, bytes("down"))));
    }

    @Test
    void aThousandIdleConnectionsDoNotDisturbValidTraffic() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                idle.add(connect(i % 2 == 0 ? writer : reader));
            }
            List<byte[]> messages = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                messages.add(WireClient.message(1, "busy", "k" + (i % 10)));
            }
            List<String> replies = WireClient.sendAll(writer, messages, null);
            assertEquals(1000, replies.size());
            assertTrue(replies.stream().allMatch("WIN"::equals));
            long deadline = System.currentTimeMillis() + 10_000;
            while (WireClient.all(reader, bytes("busy"), 100).stream().mapToLong(WireClient.Row::count).sum() < 1000) {
                assertTrue(System.currentTimeMillis() < deadline, "applied within 10 s beside 1000 idle connections");
                Thread.sleep(100);
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void badReadRequestsGetErrorResponsesAndTheConnectionStaysUsable() throws Exception {
        try (Socket s = connect(reader)) {
            WireClient.Answer tooLong = WireClient.read(s, bytes("any"), 0, ReadRequest.MAX_ROWS + 1L);
            assertEquals("length 10001 exceeds 10000 rows", tooLong.error());
            WireClient.Answer huge = WireClient.read(s, bytes("any"), 0, -1L);
            assertEquals("length 18446744073709551615 exceeds 10000 rows", huge.error());
            WireClient.Answer empty = WireClient.read(s, new byte[0], 0, 10);
            assertEquals("empty keyspace name", empty.error());
            WireClient.Answer fine = WireClient.read(s, bytes("no-such-keyspace"), 0, 10);
            assertNull(fine.error());
            assertEquals(0, fine.rows().size());
        }
        try (Socket s = connect(reader)) {
            byte[] q = new byte[ReadRequest.SIZE];
            ReadRequest.encode(bytes("no-such-keyspace"), 0, 5, q);
            OutputStream out = s.getOutputStream();
            out.write(q);
            out.write(q, 0, 100);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            WireClient.Answer a = WireClient.readAnswer(in);
            assertNotNull(a.rows());
            assertEquals(-1, in.read(), "closed after the last complete request's response");
        }
        try (Socket s = connect(reader)) {
            byte[] junk = new byte[ReadRequest.SIZE * 3];
            new Random(1).nextBytes(junk);
            s.getOutputStream().write(junk);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (int i = 0; i < 3; i++) {
                WireClient.Answer a = WireClient.readAnswer(s.getInputStream());
                got.write(a.error() != null ? 1 : 0);
            }
            assertArrayEquals(new byte[] {1, 1, 1}, got.toByteArray(), "random lengths are all over 10000");
        }
    }

    private void awaitRows(String keyspace, List<WireClient.Row> want) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        List<WireClient.Row> got;
        do {
            got = WireClient.all(reader, bytes(keyspace), 100);
            if (got.equals(want)) {
                return;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        assertEquals(want, got, keyspace);
    }

    private static Socket connect(InetSocketAddress a) throws IOException {
        Socket s = new Socket(a.getAddress(), a.getPort());
        s.setSoTimeout(30_000);
        return s;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
