package io.countd.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.UnaryOperator;

/**
 * Record-level operations on the bucket trees, as TC 1.4.48 performs them: lookup, the put
 * family (overwrite, keep, concatenate, add to an integer or a double), removal, and physical-order
 * iteration. Compressed files transform values here, around the raw operations.
 *
 * <p>Lookups run under a shared lock with a per-thread scratch block; everything else runs under
 * the exclusive lock with the writer's block. Every tree walk is guarded against looping links.
 */
final class Records {
    /** How an existing record is treated by a put. */
    enum Mode { OVERWRITE, KEEP, CONCAT, ADD_INT, ADD_DOUBLE }

    /** The outcome of a put, for the modes whose result is more than success. */
    static final class PutResult {
        boolean stored;
        int intValue;
        double doubleValue;
    }

    private final Engine e;
    /** The writer's allocator; null for a reader. */
    private final Allocator allocator;

    Records(Engine engine) {
        this.e = engine;
        this.allocator = engine.isWriter() ? new Allocator(engine) : null;
    }

    /** The allocator that places this writer's records. */
    Allocator allocator() {
        return allocator;
    }

    /**
     * Walks the tree of {@code key}'s bucket into {@code b}. Returns the position of the link that
     * points at the found record ({@link Engine#bucketLink} for the root) with {@code b} holding the
     * record, or, if the key is absent, {@code -(link position) - 1} of the link where it would hang.
     */
    long find(byte[] key, long bidx, int hash, Block b) {
        long link = e.bucketLink(bidx);
        long off = e.link(link);
        LoopGuard guard = b.guard.reset();
        while (off > 0) {
            e.visit(guard, off);
            e.readRecord(off, b);
            int c = hash != b.hash ? hash - b.hash : e.compareKey(key, b);
            if (c > 0) {
                link = Engine.leftLink(off);
                off = b.left;
            } else if (c < 0) {
                link = e.rightLink(off);
                off = b.right;
            } else {
                return link;
            }
        }
        return -link - 1;
    }

    /** The stored block of {@code key} in {@code b}, or false if it is absent. */
    boolean lookup(byte[] key, Block b) {
        return find(key, KeyHash.bucket(key, e.header().bnum), KeyHash.secondary(key), b) >= 0;
    }

    /** The value of {@code key}, or null. */
    byte[] get(byte[] key) {
        Block b = e.readerBlock();
        return lookup(key, b) ? e.value(b) : null;
    }

    /**
     * The size of {@code key}'s value, or -1; copies the value to {@code into} at its position
     * when it fits there (see {@link HashDatabase#get(byte[], ByteBuffer)}).
     */
    int get(byte[] key, ByteBuffer into) {
        Block b = e.readerBlock();
        return lookup(key, b) ? e.valueInto(b, into) : -1;
    }

    /** The size of {@code key}'s value (decoded for compressed files), or -1. */
    int valueSize(byte[] key) {
        Block b = e.readerBlock();
        if (!lookup(key, b)) {
            return -1;
        }
        return e.codec() == null ? b.vsiz : e.value(b).length;
    }

    /**
     * Stores a record. In compressed files the value is encoded first and the modes that read the
     * old value decode it, as TC's compressed mode does.
     */
    void put(byte[] key, byte[] value, Mode mode, PutResult out) {
        out.stored = false;
        checkRoom(key.length, value.length);
        if (e.codec() == null || mode == Mode.OVERWRITE || mode == Mode.KEEP) {
            putRaw(key, encode(value), mode, out);
            return;
        }
        byte[] plain = combined(mode, get(key), value, out);
        byte[] stored = e.codec().encode(plain, 0, plain.length);
        checkRoom(key.length, stored.length);
        putRaw(key, stored, Mode.OVERWRITE, out);
    }

    /** A value as stored: encoded for compressed files. */
    byte[] encode(byte[] value) {
        return e.codec() == null ? value : e.codec().encode(value, 0, value.length);
    }

    /**
     * The value a CONCAT, ADD_INT or ADD_DOUBLE put stores where {@code old} is (null: the key is
     * absent, and {@code value} is stored as it is), with the sum of an addition in {@code out};
     * any other mode stores {@code value}.
     */
    private static byte[] combined(Mode mode, byte[] old, byte[] value, PutResult out) {
        switch (mode) {
            case CONCAT:
                return old == null ? value : concat(old, value);
            case ADD_INT: {
                int add = le(value).getInt(0);
                out.intValue = old == null ? add : checkSize(old, 4).getInt(0) + add;
                return old == null ? value : le(new byte[4]).putInt(0, out.intValue).array();
            }
            case ADD_DOUBLE: {
                double add = le(value).getDouble(0);
                out.doubleValue = old == null ? add : checkSize(old, 8).getDouble(0) + add;
                return old == null ? value : le(new byte[8]).putDouble(0, out.doubleValue).array();
            }
            default:
                return value;
        }
    }

    /** Whether a put in {@code mode} leaves an existing record as it is: an empty append, or adding zero. */
    private static boolean changesNothing(Mode mode, byte[] value) {
        switch (mode) {
            case CONCAT:
                return value.length < 1;
            case ADD_INT:
                return le(value).getInt(0) == 0;
            case ADD_DOUBLE:
                return le(value).getDouble(0) == 0.0;
            default:
                return false;
        }
    }

    /** The existing value of an addint or adddouble, which must be a number of that size. */
    private static ByteBuffer checkSize(byte[] old, int size) {
        if (old.length != size) {
            throw new TcException(TcError.KEEP, "the existing value is " + old.length + " bytes, not " + size);
        }
        return le(old);
    }

    /** Numbers of addint and adddouble are little-endian (x86 host order) in files of both orders. */
    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    /**
     * Refuses, before anything is written, a record the format cannot hold: sizes beyond TC's
     * 32-bit arithmetic, or (without the LARGE option) a file whose end no longer fits a 32-bit
     * link. TC 1.4.48 would silently truncate the link and corrupt the file.
     */
    void checkRoom(int ksiz, int vsiz) {
        long need = 32L + ksiz + vsiz + e.align();
        if (need > Integer.MAX_VALUE) {
            throw new TcException(TcError.INVALID, "record too large: key " + ksiz + " + value " + vsiz + " bytes");
        }
        if (e.width() == 4 && (e.header().fsiz >>> e.apow()) > 0xFFFF_FFFFL) {
            throw new TcException(TcError.INVALID, "the file has reached the 32-bit offset limit ("
                    + (0x1_0000_0000L << e.apow()) + " bytes at alignment " + e.align()
                    + "); rebuild it with the LARGE option");
        }
    }

    /**
     * TC's {@code tchdbputimpl} on stored (already encoded) bytes: find the key's place in its
     * bucket's tree, then rewrite the record found there or insert a new leaf.
     */
    void putRaw(byte[] key, byte[] value, Mode mode, PutResult out) {
        long bidx = KeyHash.bucket(key, e.header().bnum);
        int hash = KeyHash.secondary(key);
        Block b = e.writerBlock();
        long link = find(key, bidx, hash, b);
        if (link >= 0) {
            if (mode == Mode.KEEP || mode == Mode.CONCAT && changesNothing(mode, value)) {
                out.stored = mode != Mode.KEEP;
                return;
            }
            if (mode != Mode.OVERWRITE) {
                byte[] next = combined(mode, e.storedValue(b), value, out);
                if (changesNothing(mode, value)) {
                    out.stored = true;
                    return;
                }
                value = next;
            }
            allocator.rewrite(b, link, key, value);
        } else {
            allocator.insert(-link - 1, hash, key, combined(mode, null, value, out));
            e.recordAdded();
        }
        out.stored = true;
    }

    /**
     * TC's {@code putproc}: {@code update} receives the present value (decoded in a compressed
     * file) and answers the new value, {@link HashDatabase#REMOVE} or null (no change); an absent
     * key gets {@code absent} unless it is null. One lookup, as TC's {@code tchdbputimpl} in its
     * proc mode; a compressed file reads, then puts or removes, as TC's compressed mode does.
     *
     * @return false when nothing changed: the function answered null, or the key was absent and
     *     {@code absent} null (TC's errors 21 and 22)
     */
    boolean putProc(byte[] key, byte[] absent, UnaryOperator<byte[]> update) {
        if (e.codec() != null) {
            byte[] old = get(key);
            byte[] next = old != null ? update.apply(old) : absent;
            if (next == HashDatabase.REMOVE && old != null) {
                return remove(key);
            }
            if (next == null) {
                return false;
            }
            put(key, next, Mode.OVERWRITE, new PutResult());
            return true;
        }
        long bidx = KeyHash.bucket(key, e.header().bnum);
        int hash = KeyHash.secondary(key);
        Block b = e.writerBlock();
        long link = find(key, bidx, hash, b);
        if (link >= 0) {
            byte[] next = update.apply(e.storedValue(b));
            if (next == HashDatabase.REMOVE) {
                allocator.remove(b, link);
                return true;
            }
            if (next == null) {
                return false;
            }
            checkRoom(key.length, next.length);
            allocator.rewrite(b, link, key, next);
            return true;
        }
        if (absent == null) {
            return false;
        }
        checkRoom(key.length, absent.length);
        allocator.insert(-link - 1, hash, key, absent);
        e.recordAdded();
        return true;
    }

    /** Removes {@code key}; false if it is absent. */
    boolean remove(byte[] key) {
        Block b = e.writerBlock();
        long link = find(key, KeyHash.bucket(key, e.header().bnum), KeyHash.secondary(key), b);
        if (link < 0) {
            return false;
        }
        allocator.remove(b, link);
        return true;
    }

    /**
     * Advances a physical-order cursor from {@code off} to the next record, skipping free blocks.
     * Returns the offset after that record (the next cursor), with the record in {@code b}, or -1
     * at the end of the file.
     */
    long next(long off, Block b) {
        while (off < e.header().fsiz) {
            e.readBlock(off, b);
            off += b.size;
            if (b.isRecord()) {
                return off;
            }
        }
        return -1;
    }
}
