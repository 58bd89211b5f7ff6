package io.countd.bench.countd;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One connection to Redis asking {@code ZREVRANGE top 0 99 WITHSCORES}, the sorted-set form of a
 * top-100 read, and reading the whole reply (RESP: an array of bulk strings). Not thread-safe.
 */
final class RedisTop implements AutoCloseable {
    private static final byte[] QUERY = ("*5\r\n$9\r\nZREVRANGE\r\n$3\r\ntop\r\n$1\r\n0\r\n$2\r\n99\r\n"
            + "$10\r\nWITHSCORES\r\n").getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RedisTop(InetSocketAddress address) {
        try {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 64 << 10);
        } catch (IOException e) {
            throw new UncheckedIOException("Redis at " + address, e);
        }
    }

    /** Asks for the top 100 and reads the answer; the number of members in it. */
    int top100() {
        try {
            out.write(QUERY);
            out.flush();
            long items = header('*');
            for (long i = 0; i < items; i++) {
                long length = header('$');
                for (long j = 0; j < length + 2; j++) {
                    next();
                }
            }
            return (int) (items / 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A line {@code <type><number>\r\n}. */
    private long header(char type) throws IOException {
        int t = next();
        if (t != type) {
            throw new IOException("Redis answered '" + (char) t + "' where '" + type + "' was due");
        }
        long n = 0;
        for (int c = next(); c != '\r'; c = next()) {
            n = n * 10 + (c - '0');
        }
        next();
        return n;
    }

    private int next() throws IOException {
        int c = in.read();
        if (c < 0) {
            throw new IOException("Redis closed the connection");
        }
        return c;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing after the figures are taken: nothing is lost.
        }
    }
}
