package io.countd.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A client of one countd server: increments over the write protocol ({@code countd-write}),
 * ranked reads over the read protocol ({@code countd-read}) and point lookups over the HTTP API.
 * Connections are opened on first use and kept; the formats are in
 * {@code format-spec/countd-protocol.md}.
 *
 * <pre>{@code
 * try (CountdClient countd = CountdClient.builder().build()) {     // 127.0.0.1, default ports
 *     countd.increment("fruit", "apple", 3).join();                  // returns once durable
 *     for (Row r : countd.top("fruit", 0, 10)) { ... }               // readable about 2 s later
 * }
 * }</pre>
 *
 * <h2>Increments and delivery</h2>
 * {@link #increment} queues the message and returns at once; messages from every thread share one
 * connection, are batched (one socket write carries every message queued while the previous write
 * ran) and pipelined (nothing waits for replies). The returned future completes
 * <ul>
 *   <li>normally once the server answered {@code WIN}: the increment is durable under the server's
 *       fsync policy and will be applied exactly once, becoming readable within about 2 seconds;
 *   <li>with {@link RefusedException} when the server answered {@code ERR} (an empty keyspace or
 *       key): nothing is stored;
 *   <li>with {@link ConnectionLostException} when the connection broke, or no reply came within
 *       the acknowledgement timeout, after the message was handed to the socket: the outcome is
 *       unknown, it may or may not count;
 *   <li>with {@link CountdException} when it was never sent (no connection could be made, or the
 *       connection broke while the message was still queued in this client): nothing is stored.
 * </ul>
 * The guarantee is therefore <b>at most once per call</b>: an increment is never applied twice
 * unless the caller sends it again, and a caller that retries after a
 * {@link ConnectionLostException} may count it twice. After a broken connection the next
 * increment opens a new one.
 *
 * <p>Back-pressure: {@code increment} blocks while {@link Builder#maxInFlight} increments are
 * unanswered, or while the server is not reading (its disk or its workers are behind), instead
 * of buffering without bound.
 *
 * <h2>Threads</h2>
 * Thread-safe: any number of threads may increment, read and look up at once. Futures are
 * completed on the client's reader thread, so dependent actions attached with the non-async
 * methods ({@code thenRun}, {@code whenComplete}, …) run there and delay every other
 * acknowledgement: keep them short, or use the {@code …Async} forms. Completing a returned future
 * yourself changes nothing about delivery. Ranked reads share one connection and run one at a
 * time; lookups run in parallel.
 *
 * <h2>Errors</h2>
 * Arguments that cannot be encoded (a name over 256 bytes or holding a NUL byte, a negative
 * offset, a length over 10,000) throw {@link IllegalArgumentException}; use after {@link #close()}
 * throws {@link IllegalStateException}. Everything else is a {@link CountdException}: thrown by
 * {@link #top} and {@link #get}, delivered through the future by {@link #increment}.
 */
public final class CountdClient implements AutoCloseable {
    private final Builder config;
    private final ReadPipe reads;
    private final Object writeLock = new Object();
    private WritePipe writes;
    private HttpLookup lookups;
    private volatile boolean closed;

    private CountdClient(Builder config) {
        this.config = config;
        this.reads = new ReadPipe(config.read, config.connectTimeout, config.requestTimeout);
    }

    /**
     * A builder with the defaults: countd on 127.0.0.1 with its default ports.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds {@code n} to the counter ({@code keyspace}, {@code key}); see the class description for
     * what the future's outcomes mean. {@code n} may be negative; 0 is a no-op the server
     * acknowledges at once.
     *
     * @param keyspace at most 256 bytes, no NUL (an empty one is refused by the server)
     * @param key at most 256 bytes, no NUL (an empty one is refused by the server)
     * @param n the amount to add
     * @return a future completed when the server answered or the increment failed
     */
    public CompletableFuture<Void> increment(byte[] keyspace, byte[] key, long n) {
        Wire.checkEncodable(keyspace, "the keyspace");
        Wire.checkEncodable(key, "the key");
        ensureOpen();
        try {
            for (int attempt = 0; ; attempt++) {
                WritePipe p = writePipe();
                CompletableFuture<Void> f = p.offer(n, keyspace, key);
                if (f != null) {
                    return f;
                }
                if (attempt > 0) {
                    return CompletableFuture.failedFuture(new CountdException(
                            "not sent: the connection to countd-write broke twice in a row"));
                }
            }
        } catch (CountdException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(new CountdException("not sent: interrupted while waiting for room", e));
        }
    }

    /**
     * {@link #increment(byte[], byte[], long)} with names encoded as UTF-8.
     *
     * @param keyspace the keyspace; at most 256 bytes as UTF-8, no NUL
     * @param key the key; at most 256 bytes as UTF-8, no NUL
     * @param n the amount to add
     * @return a future completed when the server answered or the increment failed
     */
    public CompletableFuture<Void> increment(String keyspace, String key, long n) {
        return increment(utf8(keyspace), utf8(key), n);
    }

    /**
     * The rows of ranks {@code offset} to {@code offset + length - 1} that exist (count
     * descending, then key ascending), from one consistent state of the keyspace: the state after
     * some set of whole commit logs. An unknown keyspace has no rows. Blocks for at most the
     * request timeout once connected.
     *
     * @param keyspace at most 256 bytes, no NUL
     * @param offset the first rank, from 0
     * @param length the number of ranks wanted, 0 to 10,000
     * @return the rows, highest count first; fewer than {@code length} past the last rank
     * @throws RefusedException when the server answers with an error (an empty keyspace name, a
     *     damaged keyspace file)
     * @throws CountdException when no answer came (no connection, a broken one, the timeout)
     */
    public List<Row> top(byte[] keyspace, long offset, int length) {
        Wire.checkEncodable(keyspace, "the keyspace");
        if (offset < 0) {
            throw new IllegalArgumentException("offset " + offset + " is negative");
        }
        if (length < 0 || length > Wire.MAX_ROWS) {
            throw new IllegalArgumentException("length " + length + " is not from 0 to " + Wire.MAX_ROWS);
        }
        ensureOpen();
        return reads.top(keyspace, offset, length);
    }

    /**
     * {@link #top(byte[], long, int)} with the keyspace encoded as UTF-8.
     *
     * @param keyspace the keyspace; at most 256 bytes as UTF-8, no NUL
     * @param offset the first rank, from 0
     * @param length the number of ranks wanted, 0 to 10,000
     * @return the rows, highest count first; fewer than {@code length} past the last rank
     */
    public List<Row> top(String keyspace, long offset, int length) {
        return top(utf8(keyspace), offset, length);
    }

    /**
     * The counter ({@code keyspace}, {@code key}) with its rank, from the HTTP API; empty when the
     * key or the keyspace does not exist (a count of 0). Like ranked reads, it shows applied
     * increments only. Blocks for at most the connect and request timeouts.
     *
     * @param keyspace 1 to 256 bytes, no NUL
     * @param key 1 to 256 bytes, no NUL
     * @return the counter and its rank, or empty
     * @throws RefusedException when the API answers with another client error (4xx)
     * @throws CountdException when no answer came, or the answer is not one of countd's
     */
    public Optional<Row> get(byte[] keyspace, byte[] key) {
        Wire.checkEncodable(keyspace, "the keyspace");
        Wire.checkEncodable(key, "the key");
        if (keyspace.length == 0 || key.length == 0) {
            throw new IllegalArgumentException("a lookup needs a keyspace and a key of at least one byte");
        }
        ensureOpen();
        HttpLookup h;
        synchronized (this) {
            if (lookups == null) {
                lookups = new HttpLookup(config.http, config.connectTimeout, config.requestTimeout);
            }
            h = lookups;
        }
        return h.get(keyspace, key);
    }

    /**
     * {@link #get(byte[], byte[])} with names encoded as UTF-8.
     *
     * @param keyspace the keyspace; 1 to 256 bytes as UTF-8, no NUL
     * @param key the key; 1 to 256 bytes as UTF-8, no NUL
     * @return the counter and its rank, or empty
     */
    public Optional<Row> get(String keyspace, String key) {
        return get(utf8(keyspace), utf8(key));
    }

    /**
     * Sends the increments still queued, waits until every increment made before has completed
     * (answered, or failed after the acknowledgement timeout), and closes the connections.
     * Idempotent. Increments, reads and lookups fail with {@link IllegalStateException} from the
     * moment it is called.
     */
    @Override
    public void close() {
        WritePipe p;
        synchronized (writeLock) {
            closed = true;
            p = writes;
            writes = null;
        }
        reads.close();
        if (p != null) {
            try {
                p.finish();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private WritePipe writePipe() {
        synchronized (writeLock) {
            ensureOpen();
            if (writes == null || writes.isBroken()) {
                writes = WritePipe.open(config.write, config.connectTimeout, config.ackTimeout, config.maxInFlight);
            }
            return writes;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** How to reach the server, and how long to wait. Not thread-safe; {@link #build()} takes a copy of the settings. */
    public static final class Builder {
        private InetSocketAddress write = new InetSocketAddress("127.0.0.1", 48879);
        private InetSocketAddress read = new InetSocketAddress("127.0.0.1", 48880);
        private URI http = URI.create("http://127.0.0.1:48881/");
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration ackTimeout = Duration.ofSeconds(60);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxInFlight = 65_536;

        private Builder() {
        }

        /**
         * The address of {@code countd-write} (default 127.0.0.1:48879).
         *
         * @param address host and port
         * @return this builder
         */
        public Builder write(InetSocketAddress address) {
            this.write = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * The address of {@code countd-read} (default 127.0.0.1:48880).
         *
         * @param address host and port
         * @return this builder
         */
        public Builder read(InetSocketAddress address) {
            this.read = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * The base URL of the HTTP API (default {@code http://127.0.0.1:48881/}).
         *
         * @param base an http or https URL
         * @return this builder
         */
        public Builder http(URI base) {
            Objects.requireNonNull(base, "base");
            if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
                throw new IllegalArgumentException("not an http or https URL: " + base);
            }
            this.http = base;
            return this;
        }

        /**
         * How long opening a connection may take (default 5 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout);
            return this;
        }

        /**
         * How long an increment may wait for its reply (default 60 s). When the oldest unanswered
         * increment has waited longer, the connection is closed and every increment sent on it and
         * not answered fails with {@link ConnectionLostException}. A server behind with its
         * workers acknowledges slowly on purpose (back-pressure), so keep this generous.
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder ackTimeout(Duration timeout) {
            this.ackTimeout = positive(timeout);
            return this;
        }

        /**
         * How long a ranked read or a lookup may wait for its answer (default 10 s).
         *
         * @param timeout positive
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout);
            return this;
        }

        /**
         * How many increments may be unanswered before {@link #increment} blocks (default 65,536).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder maxInFlight(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxInFlight " + n + " is below 1");
            }
            this.maxInFlight = n;
            return this;
        }

        /**
         * A client with these settings; it connects on first use.
         *
         * @return a new client
         */
        public CountdClient build() {
            Builder copy = new Builder();
            copy.write = write;
            copy.read = read;
            copy.http = http;
            copy.connectTimeout = connectTimeout;
            copy.ackTimeout = ackTimeout;
            copy.requestTimeout = requestTimeout;
            copy.maxInFlight = maxInFlight;
            return new CountdClient(copy);
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive, not " + d);
            }
            return d;
        }
    }
}
