package io.countd.client;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection to {@code countd-read}, opened on first use and kept for the next request. One
 * request at a time: a ranked read answers in order, so a request waits for the one before it.
 * After any failure the connection is dropped (its stream position is unknown) and the next
 * request opens another.
 *
 * <p><b>Threads:</b> thread-safe (requests are serialized).
 */
final class ReadPipe {
    private static final int INPUT_BUFFER = 64 << 10;

    private final InetSocketAddress address;
    private final String server;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final byte[] request = new byte[Wire.REQUEST_SIZE];
    private final byte[] row = new byte[Wire.ROW_SIZE];
    private Socket socket;
    /**
     * The socket's input, buffered: an answer is a row count and up to 10,000 rows of 264 bytes,
     * and reading them a row at a time took a system call per row.
     */
    private InputStream input;
    private boolean closed;

    ReadPipe(InetSocketAddress address, Duration connectTimeout, Duration requestTimeout) {
        this.address = address;
        this.server = address.getHostString() + ":" + address.getPort();
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    /** See {@link CountdClient#top(byte[], long, int)}. */
    synchronized List<Row> top(byte[] keyspace, long offset, int length) {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        try {
            if (socket == null) {
                Socket s = new Socket();
                try {
                    s.setTcpNoDelay(true);
                    s.connect(address, (int) Math.max(1, connectTimeout.toMillis()));
                } catch (IOException e) {
                    s.close();
                    throw new CountdException("cannot connect to countd-read at " + server + ": " + e.getMessage(), e);
                }
                socket = s;
                input = new BufferedInputStream(s.getInputStream(), INPUT_BUFFER);
            }
            Wire.encodeRequest(keyspace, offset, length, request);
            socket.getOutputStream().write(request);
            InputStream in = input;
            readFully(in, row, 8, deadline);
            long n = Wire.getLong(row, 0);
            if (n == -1) {
                readFully(in, row, Wire.NAME_FIELD, deadline);
                throw new RefusedException("countd-read refused the read: "
                        + new String(Wire.name(row, 0), StandardCharsets.UTF_8));
            }
            if (n < 0 || n > length) {
                drop();
                throw new CountdException("countd-read at " + server + " announced " + n + " rows for a request of "
                        + length + "; the connection was closed");
            }
            List<Row> rows = new ArrayList<>((int) n);
            for (int i = 0; i < n; i++) {
                readFully(in, row, Wire.ROW_SIZE, deadline);
                rows.add(new Row(offset + i, Wire.name(row, 8), Wire.getLong(row, 0)));
            }
            return rows;
        } catch (IOException e) {
            drop();
            throw new CountdException("no answer from countd-read at " + server + ": " + e.getMessage(), e);
        }
    }

    synchronized void close() {
        closed = true;
        drop();
    }

    private void readFully(InputStream in, byte[] into, int n, long deadline) throws IOException {
        int off = 0;
        while (off < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no complete answer within " + requestTimeout.toMillis() + " ms");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            int r = in.read(into, off, n - off);
            if (r < 0) {
                throw new EOFException("the server closed the connection");
            }
            off += r;
        }
    }

    private void drop() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Dropped either way; the next request connects afresh.
            }
            socket = null;
            input = null;
        }
    }
}
