package io.countd.server.store;

import java.util.Arrays;

/**
 * The logs whose sums one apply carries: for each, its stream and its position in the stream (the
 * mark the keyspace records). A worker that is behind applies several logs' sums at once, so each
 * key changes once per batch instead of once per log; the marks of the batch are recorded in the
 * same transaction as the sums. At most {@value #MAX} logs, at most one per stream.
 *
 * <p><b>Threads:</b> not thread-safe; reusable after {@link #clear()}.
 */
public final class LogMarks {
    /** The largest batch: a bit per log in {@link KeyspaceStore#apply(byte[], LogMarks, Deltas)}'s answer. */
    public static final int MAX = 32;

    private final int[] streams = new int[MAX];
    private final long[] positions = new long[MAX];
    private int size;

    /** One log. */
    public static LogMarks of(int stream, long position) {
        LogMarks m = new LogMarks();
        m.add(stream, position);
        return m;
    }

    /**
     * Adds a log.
     *
     * @throws IllegalArgumentException for a negative position, a stream already present, or a
     *     log beyond {@value #MAX}
     */
    public void add(int stream, long position) {
        if (position < 0) {
            throw new IllegalArgumentException("position " + position);
        }
        if (size == MAX) {
            throw new IllegalArgumentException("more than " + MAX + " logs in one apply");
        }
        for (int i = 0; i < size; i++) {
            if (streams[i] == stream) {
                throw new IllegalArgumentException("stream " + stream + " twice in one apply");
            }
        }
        streams[size] = stream;
        positions[size++] = position;
    }

    public int size() {
        return size;
    }

    public int stream(int i) {
        return streams[checked(i)];
    }

    public long position(int i) {
        return positions[checked(i)];
    }

    /** The bit mask with a bit for each log: what an apply answers when the keyspace had them all. */
    public int all() {
        return size == MAX ? -1 : (1 << size) - 1;
    }

    public void clear() {
        size = 0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < size; i++) {
            b.append(i == 0 ? "" : ", ").append("stream ").append(streams[i]).append(" position ").append(positions[i]);
        }
        return b.toString();
    }

    private int checked(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size + " (" + Arrays.toString(Arrays.copyOf(streams, size))
                    + ")");
        }
        return i;
    }
}
