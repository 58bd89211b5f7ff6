package io.countd.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection to {@code countd-write}. Callers append messages to a batch buffer; a writer
 * thread hands each batch to the socket with one write while the next batch fills, so batches grow
 * exactly as large as the socket is slow. A reader thread matches the replies, which come one per
 * message in message order, to the oldest unanswered increments.
 *
 * <p>Once broken (an I/O error, a server that closed, a reply that is neither {@code WIN} nor
 * {@code ERR}, or no reply within the acknowledgement timeout) a pipe takes nothing more: the
 * increments it had handed to the socket fail with {@link ConnectionLostException}, those still in
 * its buffer with {@link CountdException} (never sent), and the client opens a new pipe.
 *
 * <p><b>Threads:</b> thread-safe; futures are completed on the reader thread, outside any lock.
 */
final class WritePipe {
    private static final System.Logger LOG = System.getLogger(WritePipe.class.getName());
    /** Messages per write call at most: 64 KiB, enough to amortize a system call. */
    private static final int BATCH = 128;

    private record Pending(CompletableFuture<Void> future, long queuedAt) {
    }

    private final String server;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long ackTimeoutNanos;
    private final int maxInFlight;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when the batch buffer or the in-flight window has room, or the pipe broke. */
    private final Condition room = lock.newCondition();
    /** Signalled when the batch buffer has messages, or the pipe is finishing or broke. */
    private final Condition work = lock.newCondition();
    private final Thread writer;
    private final Thread reader;

    // Guarded by lock.
    private byte[] batch = new byte[BATCH * Wire.MESSAGE_SIZE];
    private byte[] spare = new byte[BATCH * Wire.MESSAGE_SIZE];
    private int batched;
    /** Unanswered increments in message order: those handed to the socket, then those batched. */
    private final ArrayDeque<Pending> unanswered = new ArrayDeque<>();
    /** Messages handed to the socket, and replies received, since the pipe opened. */
    private long handed;
    private long answered;
    private boolean finishing;
    private CountdException broken;

    private WritePipe(String server, Socket socket, Duration ackTimeout, int maxInFlight) throws IOException {
        this.server = server;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.ackTimeoutNanos = ackTimeout.toNanos();
        this.maxInFlight = maxInFlight;
        // The reader wakes this often to see whether the oldest increment has waited too long.
        socket.setSoTimeout((int) Math.max(10, Math.min(1000, ackTimeout.toMillis() / 4)));
        this.writer = new Thread(this::writeLoop, "countd-client-writer " + server);
        this.reader = new Thread(this::readLoop, "countd-client-reader " + server);
        writer.setDaemon(true);
        reader.setDaemon(true);
    }

    /**
     * Connects and starts the pipe's threads.
     *
     * @throws CountdException when the connection cannot be made (nothing was sent)
     */
    static WritePipe open(InetSocketAddress address, Duration connectTimeout, Duration ackTimeout, int maxInFlight) {
        String server = address.getHostString() + ":" + address.getPort();
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) Math.max(1, connectTimeout.toMillis()));
            WritePipe p = new WritePipe(server, s, ackTimeout, maxInFlight);
            p.writer.start();
            p.reader.start();
            return p;
        } catch (IOException e) {
            closeQuietly(s);
            throw new CountdException("cannot connect to countd-write at " + server + ": " + e.getMessage(), e);
        }
    }

    /**
     * Queues one message, waiting while the batch buffer is full or {@code maxInFlight} increments
     * are unanswered.
     *
     * @return the increment's future, or null when the pipe is broken or finishing (the caller
     *     opens another)
     * @throws InterruptedException when interrupted while waiting for room (nothing was queued)
     */
    CompletableFuture<Void> offer(long increment, byte[] keyspace, byte[] key) throws InterruptedException {
        lock.lock();
        try {
            while (broken == null && !finishing && (batched == BATCH || unanswered.size() >= maxInFlight)) {
                room.await();
            }
            if (broken != null || finishing) {
                return null;
            }
            Wire.encodeMessage(increment, keyspace, key, batch, batched * Wire.MESSAGE_SIZE);
            batched++;
            CompletableFuture<Void> f = new CompletableFuture<>();
            unanswered.add(new Pending(f, System.nanoTime()));
            if (batched == 1) {
                work.signal();
            }
            return f;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the pipe can take no more increments. */
    boolean isBroken() {
        lock.lock();
        try {
            return broken != null || finishing;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sends what is batched, ends the sending side (the server then answers every complete message
     * and closes) and waits for the reader to see the end, at most the acknowledgement timeout
     * after the last reply.
     */
    void finish() throws InterruptedException {
        lock.lock();
        try {
            finishing = true;
            work.signal();
            room.signalAll();
        } finally {
            lock.unlock();
        }
        writer.join();
        reader.join();
        closeQuietly(socket);
    }

    private void writeLoop() {
        while (true) {
            byte[] toSend;
            int n;
            lock.lock();
            try {
                while (batched == 0 && !finishing && broken == null) {
                    work.awaitUninterruptibly();
                }
                if (broken != null) {
                    return;
                }
                if (batched == 0) {
                    break;
                }
                toSend = batch;
                batch = spare;
                spare = toSend;
                n = batched;
                batched = 0;
                handed += n;
                room.signalAll();
            } finally {
                lock.unlock();
            }
            try {
                out.write(toSend, 0, n * Wire.MESSAGE_SIZE);
            } catch (IOException e) {
                fail(new ConnectionLostException("the connection to countd-write at " + server + " broke: "
                        + e.getMessage() + "; increments sent and not yet acknowledged may or may not count", e));
                return;
            }
        }
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            fail(new ConnectionLostException("could not end the connection to countd-write at " + server + ": "
                    + e.getMessage() + "; increments not yet acknowledged may or may not count", e));
        }
    }

    private void readLoop() {
        byte[] buf = new byte[Wire.REPLY_SIZE * 4096];
        Pending[] done = new Pending[4096];
        int have = 0;
        while (true) {
            int r;
            try {
                r = in.read(buf, have, buf.length - have);
            } catch (SocketTimeoutException idle) {
                if (overdue()) {
                    fail(new ConnectionLostException("no acknowledgement from countd-write at " + server + " within "
                            + TimeUnit.NANOSECONDS.toMillis(ackTimeoutNanos) + " ms; the connection was closed and "
                            + "increments sent and not yet acknowledged may or may not count", null));
                    return;
                }
                continue;
            } catch (IOException e) {
                fail(new ConnectionLostException("the connection to countd-write at " + server + " broke: "
                        + e.getMessage() + "; increments sent and not yet acknowledged may or may not count", e));
                return;
            }
            if (r < 0) {
                ended(have);
                return;
            }
            have += r;
            int replies = have / Wire.REPLY_SIZE;
            int taken = take(done, replies);
            for (int i = 0; i < taken; i++) {
                int at = i * Wire.REPLY_SIZE;
                CompletableFuture<Void> f = done[i].future();
                done[i] = null;
                if (buf[at] == 'W' && buf[at + 1] == 'I' && buf[at + 2] == 'N') {
                    f.complete(null);
                } else if (buf[at] == 'E' && buf[at + 1] == 'R' && buf[at + 2] == 'R') {
                    f.completeExceptionally(new RefusedException("countd-write refused the increment (ERR): "
                            + "its keyspace or key is empty"));
                } else {
                    String reply = new String(buf, at, Wire.REPLY_SIZE, StandardCharsets.ISO_8859_1);
                    ConnectionLostException bad = new ConnectionLostException("countd-write at " + server
                            + " sent an unknown reply " + escape(reply) + "; the connection was closed", null);
                    f.completeExceptionally(bad);
                    for (int j = i + 1; j < taken; j++) {
                        done[j].future().completeExceptionally(bad);
                        done[j] = null;
                    }
                    fail(bad);
                    return;
                }
            }
            if (taken < replies) {
                fail(new ConnectionLostException("countd-write at " + server + " sent more replies than messages; "
                        + "the connection was closed", null));
                return;
            }
            int rest = have - replies * Wire.REPLY_SIZE;
            System.arraycopy(buf, replies * Wire.REPLY_SIZE, buf, 0, rest);
            have = rest;
        }
    }

    /** Moves the oldest {@code n} unanswered increments into {@code into}; returns how many there were. */
    private int take(Pending[] into, int n) {
        lock.lock();
        try {
            int i = 0;
            while (i < n && i < handed - answered) {
                into[i++] = unanswered.poll();
            }
            answered += i;
            room.signalAll();
            return i;
        } finally {
            lock.unlock();
        }
    }

    /** The server closed the connection after {@code partial} bytes of an incomplete reply. */
    private void ended(int partial) {
        lock.lock();
        boolean clean;
        try {
            clean = partial == 0 && unanswered.isEmpty();
            if (clean && broken == null) {
                // Nothing is lost: the server closed after answering everything (our end of input,
                // or the server stopping). The pipe takes nothing more; the client opens another.
                broken = new CountdException("countd-write at " + server + " closed the connection");
                room.signalAll();
                work.signal();
            }
        } finally {
            lock.unlock();
        }
        if (!clean) {
            fail(new ConnectionLostException("countd-write at " + server + " closed the connection before "
                    + "acknowledging every increment; those not acknowledged may or may not count", null));
        }
        closeQuietly(socket);
    }

    private boolean overdue() {
        lock.lock();
        try {
            Pending oldest = unanswered.peek();
            return oldest != null && System.nanoTime() - oldest.queuedAt() > ackTimeoutNanos;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Breaks the pipe: fails what was handed to the socket with {@code lost}, what was only
     * batched with a {@link CountdException} (not sent), and closes the socket.
     */
    private void fail(CountdException lost) {
        Pending[] failed;
        long sent;
        lock.lock();
        try {
            if (broken != null) {
                return;
            }
            broken = lost;
            failed = unanswered.toArray(new Pending[0]);
            sent = handed - answered;
            unanswered.clear();
            batched = 0;
            room.signalAll();
            work.signal();
        } finally {
            lock.unlock();
        }
        closeQuietly(socket);
        if (failed.length > 0) {
            LOG.log(System.Logger.Level.DEBUG, "{0}; {1} increments unanswered", lost.getMessage(), failed.length);
        }
        CountdException unsent = null;
        for (int i = 0; i < failed.length; i++) {
            if (i < sent) {
                failed[i].future().completeExceptionally(lost);
            } else {
                if (unsent == null) {
                    unsent = new CountdException("not sent: the connection to countd-write at " + server
                            + " broke first (" + lost.getMessage() + ")", lost);
                }
                failed[i].future().completeExceptionally(unsent);
            }
        }
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a countd-write connection", e);
        }
    }
}
