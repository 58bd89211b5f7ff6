package io.countd.bench.stores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import net.openhft.chronicle.map.ChronicleMap;

/** Chronicle Map persisted to a file, sized for the expected entries, keys and values of fixed size. */
final class ChronicleStore implements Store {
    private final ChronicleMap<byte[], byte[]> map;
    private final byte[] key = new byte[4];
    private final byte[] using = new byte[Records.VALUE_SIZE];

    ChronicleStore(Path folder, int entries) {
        try {
            map = ChronicleMap.of(byte[].class, byte[].class).constantKeySizeBySample(new byte[4])
                    .constantValueSizeBySample(new byte[Records.VALUE_SIZE]).entries(Math.max(entries, 1000))
                    .createPersistedTo(folder.resolve("chronicle.map").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void put(int k, byte[] value) {
        map.put(Records.key(k, key), value);
    }

    @Override
    public void finishWrites() {
        // Every put is visible at once.
    }

    @Override
    public int get(int k) {
        byte[] value = map.getUsing(Records.key(k, key), using);
        return value == null ? -1 : Records.leadingInt(value);
    }

    @Override
    public long readAll() {
        long sum = 0;
        for (Map.Entry<byte[], byte[]> e : map.entrySet()) {
            sum += Records.leadingInt(e.getValue());
        }
        return sum;
    }

    @Override
    public void close() {
        map.close();
    }
}
