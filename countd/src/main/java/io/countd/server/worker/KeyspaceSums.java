package io.countd.server.worker;

import io.countd.server.log.RecordVisitor;
import io.countd.server.store.Deltas;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The increments of one log summed per keyspace and key: one {@link Deltas} per keyspace. Reused
 * from log to log; once its keyspaces have been seen, visiting a record allocates nothing.
 *
 * <p>Owned by one worker thread; not thread-safe.
 */
final class KeyspaceSums implements RecordVisitor {
    private static final Comparator<Keyspace> SMALLEST_FIRST = Comparator.comparingInt(k -> k.deltas().size());

    private final Map<Name, Keyspace> byName = new HashMap<>();
    private final List<Keyspace> seen = new ArrayList<>();
    private final List<Deltas> spare = new ArrayList<>();
    private final Name probe = new Name(null, 0);
    private Keyspace last;
    private long records;

    /** One keyspace of the log and its sums. */
    record Keyspace(byte[] name, Deltas deltas) {
    }

    @Override
    public void record(byte[] keyspace, int keyspaceLength, byte[] key, int keyLength, long increment) {
        records++;
        if (last == null || !Arrays.equals(last.name, 0, last.name.length, keyspace, 0, keyspaceLength)) {
            probe.bytes = keyspace;
            probe.length = keyspaceLength;
            last = byName.get(probe);
            if (last == null) {
                byte[] name = Arrays.copyOf(keyspace, keyspaceLength);
                last = new Keyspace(name, spare.isEmpty() ? new Deltas() : spare.remove(spare.size() - 1));
                byName.put(new Name(name, name.length), last);
                seen.add(last);
            }
        }
        last.deltas.add(key, keyLength, increment);
    }

    /** Records visited since the last clear. */
    long records() {
        return records;
    }

    /**
     * The keyspaces seen, those with the fewest distinct keys first, for the order of their
     * applies; valid until {@link #clear()}. Shortest job first: a quiet keyspace becomes readable
     * right after the sums instead of behind the busy ones (in order of first appearance, a
     * keyspace written now and then came last), and the busy ones wait only for the short applies.
     */
    List<Keyspace> keyspacesSmallestFirst() {
        seen.sort(SMALLEST_FIRST);
        return seen;
    }

    void clear() {
        for (Keyspace k : seen) {
            k.deltas.clear();
            spare.add(k.deltas);
        }
        seen.clear();
        byName.clear();
        last = null;
        records = 0;
    }

    /** A keyspace name as a map key; the probe instance is refilled for each lookup. */
    private static final class Name {
        byte[] bytes;
        int length;

        Name(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }

        @Override
        public int hashCode() {
            int h = 1;
            for (int i = 0; i < length; i++) {
                h = 31 * h + bytes[i];
            }
            return h;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Name n && Arrays.equals(bytes, 0, length, n.bytes, 0, n.length);
        }
    }
}
