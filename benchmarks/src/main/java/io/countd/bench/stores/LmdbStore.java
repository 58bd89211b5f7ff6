package io.countd.bench.stores;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.Txn;

/**
 * LMDB through LmdbJava: writes go into one write transaction committed by {@link #finishWrites},
 * reads share one read transaction. Without sync ({@code MDB_NOSYNC}), like the other stores;
 * {@code MDB_NOTLS} because JMH may run successive iterations on different threads.
 */
final class LmdbStore implements Store {
    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> dbi;
    private final ByteBuffer key = ByteBuffer.allocateDirect(4);
    private final ByteBuffer value = ByteBuffer.allocateDirect(Records.VALUE_SIZE);
    private Txn<ByteBuffer> writes;
    private Txn<ByteBuffer> reads;

    LmdbStore(Path folder, int entries) {
        long mapSize = (1L << 30) + (long) entries * 512;
        env = Env.create().setMapSize(mapSize).setMaxDbs(1).open(folder.toFile(), EnvFlags.MDB_NOSYNC,
                EnvFlags.MDB_NOTLS);
        dbi = env.openDbi("bench", DbiFlags.MDB_CREATE);
    }

    @Override
    public void put(int k, byte[] v) {
        if (writes == null) {
            endReads();
            writes = env.txnWrite();
        }
        key.clear();
        key.putInt(k).flip();
        value.clear();
        value.put(v).flip();
        dbi.put(writes, key, value);
    }

    @Override
    public void finishWrites() {
        if (writes != null) {
            writes.commit();
            writes.close();
            writes = null;
        }
    }

    @Override
    public int get(int k) {
        if (reads == null) {
            reads = env.txnRead();
        }
        key.clear();
        key.putInt(k).flip();
        ByteBuffer v = dbi.get(reads, key);
        return v == null ? -1 : v.getInt(0);
    }

    @Override
    public long readAll() {
        long sum = 0;
        try (Txn<ByteBuffer> txn = env.txnRead(); CursorIterable<ByteBuffer> all = dbi.iterate(txn)) {
            for (CursorIterable.KeyVal<ByteBuffer> kv : all) {
                sum += kv.val().getInt(0);
            }
        }
        return sum;
    }

    private void endReads() {
        if (reads != null) {
            reads.close();
            reads = null;
        }
    }

    @Override
    public void close() {
        finishWrites();
        endReads();
        dbi.close();
        env.close();
    }
}
