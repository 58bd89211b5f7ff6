package io.countd.server.store;

import io.countd.engine.HashDatabase;
import io.countd.server.rank.CorruptIndexException;
import io.countd.server.rank.Node;
import io.countd.server.rank.NodeCodec;
import io.countd.server.rank.NodeStore;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Rank nodes as {@code \0node} records of one open keyspace file. A load waits while an apply of
 * this process has its transaction open on the file ({@code fileAccess} held for writing), so no
 * reader ever decodes a half-written node; writes and removes happen only inside that transaction.
 */
final class EngineNodes implements NodeStore {
    private final HashDatabase db;
    private final ReadWriteLock fileAccess;

    EngineNodes(HashDatabase db, ReadWriteLock fileAccess) {
        this.db = db;
        this.fileAccess = fileAccess;
    }

    @Override
    public Node load(long id) {
        Lock read = fileAccess.readLock();
        read.lock();
        try {
            byte[] value = db.get(KeyspaceRecords.nodeKey(id));
            return value == null ? null : NodeCodec.decode(value);
        } finally {
            read.unlock();
        }
    }

    @Override
    public void write(long id, Node node) {
        db.put(KeyspaceRecords.nodeKey(id), NodeCodec.encode(node));
    }

    @Override
    public void remove(long id) {
        if (!db.remove(KeyspaceRecords.nodeKey(id))) {
            throw new CorruptIndexException("node " + id + " should be freed but is not stored");
        }
    }
}
