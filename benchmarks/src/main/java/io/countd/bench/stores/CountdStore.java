package io.countd.bench.stores;

import io.countd.engine.HashDatabase;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * This project's engine: a Tokyo Cabinet hash database with two buckets per expected record, the
 * whole file memory-mapped (TC's {@code xmsiz}, sized as {@link LmdbStore} sizes LMDB's map), and
 * values read into a reused buffer (as {@link ChronicleStore} reads through {@code getUsing}).
 *
 * <p>Keys are the int's bytes in little-endian order, as C code hands TC an int key
 * ({@code tchdbput(hdb, &i, sizeof(i), ...)} on x86). The byte order matters here and nowhere
 * else: TC's bucket hash multiplies by 37 per byte, so 1,000,000 big-endian keys, whose first
 * byte is always 0 and second at most 15, fall into 28,857 distinct buckets (trees of about 35
 * records to walk), little-endian ones into 154,866 (about 6.5). The format fixes the hash.
 */
final class CountdStore implements Store {
    private final HashDatabase db;
    private final byte[] key = new byte[4];
    private final ByteBuffer value = ByteBuffer.allocate(Records.VALUE_SIZE);

    CountdStore(Path folder, int entries) {
        db = HashDatabase.builder(folder.resolve("casket.tch")).buckets(2L * entries)
                .mappedSize((1L << 30) + (long) entries * 512).truncate().open();
    }

    private byte[] key(int k) {
        key[0] = (byte) k;
        key[1] = (byte) (k >>> 8);
        key[2] = (byte) (k >>> 16);
        key[3] = (byte) (k >>> 24);
        return key;
    }

    @Override
    public void put(int k, byte[] v) {
        db.put(key(k), v);
    }

    @Override
    public void finishWrites() {
        // Every put is visible at once.
    }

    @Override
    public int get(int k) {
        value.clear();
        return db.get(key(k), value) < 0 ? -1 : value.getInt(0);
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
