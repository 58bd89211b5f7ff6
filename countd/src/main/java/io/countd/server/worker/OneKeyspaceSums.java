package io.countd.server.worker;

import io.countd.server.log.RecordVisitor;
import io.countd.server.store.Deltas;
import java.util.Arrays;

/**
 * The increments of one keyspace summed per key, the other records skipped: what a worker needs
 * when a keyspace lacks only part of a batch.
 *
 * <p>Owned by one worker thread; not thread-safe.
 */
final class OneKeyspaceSums implements RecordVisitor {
    private final byte[] keyspace;
    private final Deltas deltas = new Deltas();

    OneKeyspaceSums(byte[] keyspace) {
        this.keyspace = keyspace;
    }

    @Override
    public void record(byte[] name, int nameLength, byte[] key, int keyLength, long increment) {
        if (Arrays.equals(keyspace, 0, keyspace.length, name, 0, nameLength)) {
            deltas.add(key, keyLength, increment);
        }
    }

    Deltas deltas() {
        return deltas;
    }
}
