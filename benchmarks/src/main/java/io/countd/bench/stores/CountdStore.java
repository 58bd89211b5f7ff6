package io.countd.bench.stores;

import io.countd.engine.HashDatabase;
import java.nio.file.Path;

/** This project's engine: a Tokyo Cabinet hash database with two buckets per expected record. */
final class CountdStore implements Store {
    private final HashDatabase db;
    private final byte[] key = new byte[4];

    CountdStore(Path folder, int entries) {
        db = HashDatabase.builder(folder.resolve("casket.tch")).buckets(2L * entries).truncate().open();
    }

    @Override
    public void put(int k, byte[] value) {
        db.put(Records.key(k, key), value);
    }

    @Override
    public void finishWrites() {
        // Every put is visible at once.
    }

    @Override
    public int get(int k) {
        byte[] value = db.get(Records.key(k, key));
        return value == null ? -1 : Records.leadingInt(value);
    }

    @Override
    public long readAll() {
        long[] sum = {0};
        db.forEach((k, v) -> sum[0] += Records.leadingInt(v));
        return sum[0];
    }

    @Override
    public void close() {
        db.close();
    }
}
