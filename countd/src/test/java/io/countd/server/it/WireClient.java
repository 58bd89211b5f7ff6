package io.countd.server.it;

import io.countd.server.protocol.LittleEndian;
import io.countd.server.protocol.ReadRequest;
import io.countd.server.protocol.ReadResponse;
import io.countd.server.protocol.WriteMessage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Plain-socket clients of countd's two protocols, for the process tests. */
final class WireClient {
    private WireClient() {
    }

    /** One row of a ranked read. */
    record Row(long count, byte[] key) {
        String keyString() {
            return new String(key, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Row r && r.count == count && Arrays.equals(r.key, key);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(count) * 31 + Arrays.hashCode(key);
        }

        @Override
        public String toString() {
            return keyString() + "=" + count;
        }
    }

    /** The answer to a ranked read: rows, or the error message. */
    record Answer(List<Row> rows, String error) {
    }

    static byte[] message(long increment, String keyspace, String key) {
        return message(increment, keyspace.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] message(long increment, byte[] keyspace, byte[] key) {
        byte[] m = new byte[WriteMessage.SIZE];
        WriteMessage.encode(increment, keyspace, key, m);
        return m;
    }

    /**
     * Sends {@code messages} pipelined on one new connection (a sender thread writes while this
     * thread reads) and returns the replies received, in order, until all arrived or the
     * connection ended. {@code acked}, if not null, counts replies as they arrive.
     */
    static List<String> sendAll(InetSocketAddress server, List<byte[]> messages, AtomicInteger acked) throws IOException {
        try (Socket s = new Socket(server.getAddress(), server.getPort())) {
            s.setTcpNoDelay(true);
            Thread sender = new Thread(() -> {
                try {
                    OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
                    for (byte[] m : messages) {
                        out.write(m);
                    }
                    out.flush();
                } catch (IOException ignored) {
                    // The server went away: the replies received tell what was acknowledged.
                }
            }, "wire-sender");
            sender.setDaemon(true);
            sender.start();
            List<String> replies = new ArrayList<>(messages.size());
            InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            byte[] r = new byte[3];
            try {
                while (replies.size() < messages.size()) {
                    readFully(in, r);
                    replies.add(new String(r, StandardCharsets.US_ASCII));
                    if (acked != null) {
                        acked.incrementAndGet();
                    }
                }
            } catch (IOException ended) {
                // Connection closed or reset: return what arrived.
            }
            return replies;
        }
    }

    /** One ranked read on a new connection. */
    static Answer read(InetSocketAddress server, byte[] keyspace, long offset, long length) throws IOException {
        try (Socket s = new Socket(server.getAddress(), server.getPort())) {
            return read(s, keyspace, offset, length);
        }
    }

    static Answer read(InetSocketAddress server, String keyspace, long offset, long length) throws IOException {
        return read(server, keyspace.getBytes(StandardCharsets.UTF_8), offset, length);
    }

    /** One ranked read on an open connection. */
    static Answer read(Socket s, byte[] keyspace, long offset, long length) throws IOException {
        byte[] q = new byte[ReadRequest.SIZE];
        ReadRequest.encode(keyspace, offset, length, q);
        s.getOutputStream().write(q);
        return readAnswer(s.getInputStream());
    }

    static Answer readAnswer(InputStream in) throws IOException {
        byte[] head = new byte[ReadResponse.HEADER_SIZE];
        readFully(in, head);
        long n = LittleEndian.getLong(head, 0);
        if (n == -1) {
            byte[] text = new byte[WriteMessage.NAME_FIELD];
            readFully(in, text);
            int len = 0;
            while (len < text.length && text[len] != 0) {
                len++;
            }
            return new Answer(null, new String(text, 0, len, StandardCharsets.UTF_8));
        }
        if (n < 0 || n > ReadRequest.MAX_ROWS) {
            throw new IOException("bad row count " + n);
        }
        List<Row> rows = new ArrayList<>((int) n);
        byte[] row = new byte[ReadResponse.ROW_SIZE];
        for (long i = 0; i < n; i++) {
            readFully(in, row);
            int len = 0;
            while (len < WriteMessage.NAME_FIELD && row[8 + len] != 0) {
                len++;
            }
            rows.add(new Row(LittleEndian.getLong(row, 0), Arrays.copyOfRange(row, 8, 8 + len)));
        }
        return new Answer(rows, null);
    }

    /** Every row of a keyspace, read in pages of {@code page} ranks. */
    static List<Row> all(InetSocketAddress server, byte[] keyspace, int page) throws IOException {
        List<Row> rows = new ArrayList<>();
        try (Socket s = new Socket(server.getAddress(), server.getPort())) {
            while (true) {
                Answer a = read(s, keyspace, rows.size(), page);
                if (a.error() != null) {
                    throw new IOException("read error: " + a.error());
                }
                rows.addAll(a.rows());
                if (a.rows().size() < page) {
                    return rows;
                }
            }
        }
    }

    static void readFully(InputStream in, byte[] b) throws IOException {
        int off = 0;
        while (off < b.length) {
            int n = in.read(b, off, b.length - off);
            if (n < 0) {
                throw new EOFException();
            }
            off += n;
        }
    }
}
