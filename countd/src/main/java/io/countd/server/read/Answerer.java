package io.countd.server.read;

import io.countd.server.protocol.ReadRequest;
import io.countd.server.protocol.ReadResponse;
import io.countd.server.store.KeyspaceException;
import io.countd.server.store.KeyspaceStore;
import io.countd.server.store.KeyspaceView;
import io.countd.server.store.RowSink;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Answers one ranked-read request from a consistent view of the keyspace: the row count, then the
 * rows; or an error response, never an exception to the connection. Thread-safe; allocates only
 * the keyspace name per request.
 */
final class Answerer {
    private static final System.Logger LOG = System.getLogger(Answerer.class.getName());

    /**
     * Most rows an answer on the event loop may have: about 50 µs of encoding. Longer ones go to a
     * read thread, so one client cannot hold the loop for long.
     */
    static final int IN_MEMORY_ROWS = 1_000;

    private final KeyspaceStore store;
    private final ReadStats stats;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread buffers: the request and one encoded row. */
    private static final class Scratch implements RowSink {
        final byte[] request = new byte[ReadRequest.SIZE];
        final byte[] row = new byte[ReadResponse.ROW_SIZE];
        final ReadRequest parsed = new ReadRequest();
        ByteBuf out;

        @Override
        public void row(long rank, long count, byte[] key, int keyLength) {
            ReadResponse.encodeRow(count, key, keyLength, row, 0);
            out.writeBytes(row);
        }
    }

    Answerer(KeyspaceStore store, ReadStats stats) {
        this.store = store;
        this.stats = stats;
    }

    /**
     * Appends the response to the request at {@code requests[offset..offset+272)} to {@code out};
     * {@code arrived} is the {@link System#nanoTime} at which the event loop took it off its
     * connection. May wait (for a file to open, a lock, a node read from the file).
     */
    void answer(byte[] requests, int offset, ByteBuf out, long arrived) {
        answer(requests, offset, out, arrived, false);
    }

    /**
     * As {@link #answer}, but only from memory, waiting for nothing: false, with {@code out} as it
     * was, when the answer needs the file (its keyspace's file not open in this process, a rank
     * node not yet loaded) or is longer than {@link #IN_MEMORY_ROWS} rows. For the event loop.
     */
    boolean answerInMemory(byte[] requests, int offset, ByteBuf out, long arrived) {
        return answer(requests, offset, out, arrived, true);
    }

    private boolean answer(byte[] requests, int offset, ByteBuf out, long arrived, boolean inMemory) {
        Scratch s = scratch.get();
        System.arraycopy(requests, offset, s.request, 0, ReadRequest.SIZE);
        ReadRequest request = s.parsed.parse(s.request);
        String problem = request.problem();
        if (problem != null) {
            stats.failed();
            out.writeBytes(ReadResponse.error(problem));
            return true;
        }
        if (inMemory && request.length() > IN_MEMORY_ROWS) {
            return false;
        }
        byte[] keyspace = Arrays.copyOf(s.request, request.keyspaceLength());
        int start = out.writerIndex();
        try (KeyspaceView view = inMemory ? store.viewInMemory(keyspace) : store.view(keyspace)) {
            if (view == null) {
                return false;
            }
            long size = view.size();
            long offsetRank = request.offset();
            int length = 0;
            if (offsetRank >= 0 && offsetRank < size) {
                length = (int) Math.min(request.length(), size - offsetRank);
            }
            out.writeLongLE(length);
            s.out = out;
            int rows = length == 0 ? 0 : view.rows(offsetRank, length, s);
            if (rows < 0) {
                out.writerIndex(start);
                return false;
            }
            out.setLongLE(start, rows);
            stats.answered(rows, System.nanoTime() - arrived);
        } catch (KeyspaceException e) {
            out.writerIndex(start);
            stats.failed();
            LOG.log(System.Logger.Level.WARNING, "read: " + e.getMessage());
            out.writeBytes(ReadResponse.error(e.getMessage()));
        } catch (RuntimeException e) {
            out.writerIndex(start);
            stats.failed();
            LOG.log(System.Logger.Level.ERROR, "read: unexpected failure", e);
            out.writeBytes(ReadResponse.error("internal error; see the server log"));
        } finally {
            s.out = null;
        }
        return true;
    }
}
