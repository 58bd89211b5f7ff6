package io.countd.bench.stores;

import java.nio.file.Path;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** RocksDB through its JNI binding, default options (write-ahead log on, not synced). */
final class RocksStore implements Store {
    static {
        RocksDB.loadLibrary();
    }

    private final Options options;
    private final RocksDB db;
    private final byte[] key = new byte[4];

    RocksStore(Path folder) {
        options = new Options().setCreateIfMissing(true);
        try {
            db = RocksDB.open(options, folder.resolve("rocks").toString());
        } catch (RocksDBException e) {
            options.close();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void put(int k, byte[] value) {
        try {
            db.put(Records.key(k, key), value);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void finishWrites() {
        // Every put is visible at once.
    }

    @Override
    public int get(int k) {
        try {
            byte[] value = db.get(Records.key(k, key));
            return value == null ? -1 : Records.leadingInt(value);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long readAll() {
        long sum = 0;
        try (RocksIterator it = db.newIterator()) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                sum += Records.leadingInt(it.value());
            }
        }
        return sum;
    }

    @Override
    public void close() {
        db.close();
        options.close();
    }
}
