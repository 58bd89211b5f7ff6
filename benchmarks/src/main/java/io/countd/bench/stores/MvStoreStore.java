package io.countd.bench.stores;

import java.nio.file.Path;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * H2's MVStore: one map of integer keys to byte arrays in a file, auto-commit off, committed by
 * {@link #finishWrites}. The map keeps the value arrays it is given, so each put stores a copy.
 */
final class MvStoreStore implements Store {
    private final MVStore store;
    private final MVMap<Integer, byte[]> map;

    MvStoreStore(Path folder) {
        store = new MVStore.Builder().fileName(folder.resolve("mvstore.db").toString()).autoCommitDisabled().open();
        map = store.openMap("bench");
    }

    @Override
    public void put(int k, byte[] value) {
        map.put(k, value.clone());
    }

    @Override
    public void finishWrites() {
        store.commit();
    }

    @Override
    public int get(int k) {
        byte[] value = map.get(k);
        return value == null ? -1 : Records.leadingInt(value);
    }

    @Override
    public long readAll() {
        long sum = 0;
        for (Cursor<Integer, byte[]> c = map.cursor(null); c.hasNext();) {
            c.next();
            sum += Records.leadingInt(c.getValue());
        }
        return sum;
    }

    @Override
    public void close() {
        store.close();
    }
}
