package io.countd.server.store;

import io.countd.server.rank.RankTree;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The {@code \0meta} record: 56 bytes, big-endian.
 *
 * <pre>
 * 0  magic "CDKS"     4  format u16 (1)     6  tree height u16
 * 8  instance id (16 random bytes, fixed when the file is created)
 * 24 version u64 (applies so far)     32 keys u64     40 root node id u64     48 next node id u64
 * </pre>
 *
 * Instance id and version together name one state of the file: a process that finds both
 * unchanged since it last held the file may trust what it cached.
 */
record KeyspaceMeta(byte[] instance, long version, long keys, long root, int height, long nextId) {
    static final int LENGTH = 56;
    static final int FORMAT = 1;
    private static final int MAGIC = 0x43444B53;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The meta of a keyspace's first apply: a new instance id, version 1. */
    static KeyspaceMeta created(RankTree tree) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return new KeyspaceMeta(id, 0, 0, 0, 0, 1).next(tree);
    }

    /** The meta after one more apply that left {@code tree}. */
    KeyspaceMeta next(RankTree tree) {
        return new KeyspaceMeta(instance, version + 1, tree.size(), tree.rootId(), tree.height(), tree.nextId());
    }

    byte[] encode() {
        return ByteBuffer.allocate(LENGTH).putInt(MAGIC).putShort((short) FORMAT).putShort((short) height).put(instance)
                .putLong(version).putLong(keys).putLong(root).putLong(nextId).array();
    }

    static KeyspaceMeta decode(byte[] value) {
        if (value.length != LENGTH) {
            throw new DamagedRecordException("the meta record has " + value.length + " bytes, not " + LENGTH);
        }
        ByteBuffer b = ByteBuffer.wrap(value);
        if (b.getInt() != MAGIC) {
            throw new DamagedRecordException("the meta record does not start with CDKS");
        }
        int format = Short.toUnsignedInt(b.getShort());
        if (format != FORMAT) {
            throw new DamagedRecordException("keyspace format " + format + " is not supported (only " + FORMAT + ")");
        }
        int height = Short.toUnsignedInt(b.getShort());
        byte[] instance = new byte[16];
        b.get(instance);
        return new KeyspaceMeta(instance, b.getLong(), b.getLong(), b.getLong(), height, b.getLong());
    }

    /** Whether both describe the same state of the same file. */
    boolean sameState(KeyspaceMeta other) {
        return version == other.version && Arrays.equals(instance, other.instance);
    }
}
