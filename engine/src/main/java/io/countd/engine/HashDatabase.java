package io.countd.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A Tokyo Cabinet 1.4 hash database file, read and written byte for byte as the C library 1.4.48
 * does: files move between this engine and TC's own tools ({@code tchmgr}, {@code tchtest}) in both
 * directions, and the same operations on the same file give the same bytes.
 *
 * <h2>Lifecycle</h2>
 * Open with {@link #builder(Path)}; close with {@link #close()} (the handle is
 * {@link AutoCloseable}). A writer marks the file OPEN while it has it and clears the flag on close;
 * a file whose writer died keeps the flag, which {@code tchmgr inform} reports, and its records
 * written before the crash remain readable. After close every method but {@code close} fails with
 * {@link TcError#INVALID}.
 *
 * <h2>Locking between processes</h2>
 * Unless opened with {@link Builder#noLock()}, a handle holds a POSIX ({@code fcntl}) lock on the
 * whole file until it is closed: exclusive for a writer, shared for a reader, the same locks the C
 * library takes, so a Java writer blocks {@code tchmgr} and readers of both coexist. Opening
 * waits for the lock unless {@link Builder#lockNonBlocking()} is set ({@link TcError#LOCK}). A file
 * can be open only once per process ({@link TcError#THREAD}).
 *
 * <h2>Threads</h2>
 * A handle is thread-safe. Reads ({@link #get}, {@link #valueSize}, {@link #containsKey},
 * {@link #count}, iteration through {@link #iterator()} / {@link #stream()} / {@link #forEach},
 * {@link #keysWithPrefix}, {@link #info}, {@link #copyTo}) run concurrently with each other; every
 * write, and TC's handle iterator ({@link #iterInit}/{@link #iterNext}), runs alone. A callback
 * passed to {@link #forEach} must not write to the same handle.
 *
 * <h2>Durability</h2>
 * Writes go to the operating system's page cache through a shared memory map and
 * {@code pwrite} (only {@code pwrite} under {@link Builder#memoryMapped(boolean)
 * memoryMapped(false)}); they survive the death of this process at once, and a crash of the
 * machine only after {@link #sync()}. A transaction ({@link #beginTransaction()}) is atomic across process
 * crashes: on the next open, by this engine or by TC, an unfinished transaction is rolled back from
 * the write-ahead log. With {@link Builder#syncTransactions()} it is also durable across machine
 * crashes once committed.
 *
 * <h2>Errors</h2>
 * Every failure is a {@link TcException} carrying TC's error code. A missing record is not an
 * error: {@link #get} returns null, {@link #remove} false. A damaged file yields
 * {@link TcError#META} at open or {@link TcError#RHEAD} when the damage is met, never a hang or an
 * out-of-bounds access; as in TC, such errors mark the handle (and, for a writer, the file) FATAL.
 * A record or decoded value too large for the heap gives {@link TcError#MISC}. If another process
 * cuts the file while it is open, operations fail with {@link TcError#MMAP} and the handle writes
 * nothing more; {@link #close()} always releases the lock and the file, even when it reports an
 * error. Through a memory map (the default) the JVM may report such a fault after a call has
 * returned, as an {@link InternalError} in the caller's code; {@link Builder#memoryMapped(boolean)
 * memoryMapped(false)} rules that out.
 */
public final class HashDatabase implements AutoCloseable {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Condition transactionEnded = lock.writeLock().newCondition();
    /** The outcome of puts whose callers ignore it; only touched under the write lock. */
    private final Records.PutResult scratchResult = new Records.PutResult();
    private final int defragUnit;
    private Engine engine;
    /** The thread that began the open transaction: it may not begin another and wait for itself. */
    private Thread transactionOwner;
    private Records records;
    private Maintenance maintenance;
    private Transactions transactions;
    private Defragmenter defragmenter;
    private DelayedRecords delayed;
    /** Whether asynchronous puts wait in memory; readers check it without the lock, then flush. */
    private volatile boolean asyncPending;

    private HashDatabase(Engine engine, int defragUnit) {
        this.engine = engine;
        this.defragUnit = defragUnit;
        wire();
    }

    /** Builds the per-file helpers; again after optimize or vanish, which reopen the file. */
    private void wire() {
        records = new Records(engine);
        maintenance = new Maintenance(engine, records);
        if (engine.writer) {
            transactions = new Transactions(engine);
            defragmenter = new Defragmenter(engine, records);
            delayed = new DelayedRecords(engine, records);
        }
    }

    /** Starts describing how to open the database at {@code path}: by default a writer that creates it. */
    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /** Opens (creating if needed) the database at {@code path} as a writer with default tuning. */
    public static HashDatabase open(Path path) {
        return builder(path).open();
    }

    /** Opens the existing database at {@code path} read-only. */
    public static HashDatabase openReadOnly(Path path) {
        return builder(path).readOnly().open();
    }

    // ---------------------------------------------------------------- writes

    /** Stores a record, replacing the value of an existing key. */
    public void put(byte[] key, byte[] value) {
        putWith(key, value, Records.Mode.OVERWRITE, null);
    }

    public void put(String key, String value) {
        try {
            put(utf8(key), utf8(value));
        } catch (InternalError x) {
            throw lateFailure(x);
        }
    }

    /**
     * Stores a record through TC's delayed record pool ({@code putasync}): faster for bulk loads,
     * since records are gathered in memory and written in one go. The record is visible to every
     * later operation of any thread (each first writes out the pool), but is only in the file once
     * the pool is written: when it passes 64 KiB, at the next other operation, or at close.
     * Asynchronous puts never reuse free space, so the file can differ from one written with
     * {@link #put}, exactly as with TC.
     */
    public void putAsync(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ReentrantReadWriteLock.WriteLock w = exclusiveLock();
        try {
            try {
                writable();
                delayed.put(key, records.encode(value));
                asyncPending = delayed.pending();
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /**
     * Stores a record only if the key is absent (TC's {@code putkeep}).
     *
     * @return false, leaving the database unchanged, if the key exists
     */
    public boolean putIfAbsent(byte[] key, byte[] value) {
        return putWith(key, value, Records.Mode.KEEP, new Records.PutResult()).stored;
    }

    public boolean putIfAbsent(String key, String value) {
        try {
            return putIfAbsent(utf8(key), utf8(value));
        } catch (InternalError x) {
            throw lateFailure(x);
        }
    }

    /** Appends to the value of a record, creating it if absent (TC's {@code putcat}). */
    public void append(byte[] key, byte[] value) {
        putWith(key, value, Records.Mode.CONCAT, null);
    }

    public void append(String key, String value) {
        try {
            append(utf8(key), utf8(value));
        } catch (InternalError x) {
            throw lateFailure(x);
        }
    }

    /**
     * Adds to a record holding a 4-byte little-endian integer (TC's {@code addint}), creating it
     * with {@code delta} if absent.
     *
     * @return the new value
     * @throws TcException with {@link TcError#KEEP} if the existing value is not 4 bytes long
     */
    public int addInt(byte[] key, int delta) {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, delta).array();
        return putWith(key, v, Records.Mode.ADD_INT, new Records.PutResult()).intValue;
    }

    /**
     * Adds to a record holding an 8-byte little-endian IEEE double (TC's {@code adddouble}),
     * creating it with {@code delta} if absent.
     *
     * @return the new value
     * @throws TcException with {@link TcError#KEEP} if the existing value is not 8 bytes long
     */
    public double addDouble(byte[] key, double delta) {
        byte[] v = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0, delta).array();
        return putWith(key, v, Records.Mode.ADD_DOUBLE, new Records.PutResult()).doubleValue;
    }

    /** Runs a put; its outcome goes to {@code out}, or, when the caller needs none, to a shared scratch. */
    private Records.PutResult putWith(byte[] key, byte[] value, Records.Mode mode, Records.PutResult out) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                Engine e = writable();
                Records.PutResult r = out != null ? out : scratchResult;
                records.put(key, value, mode, r);
                autoDefragment(e);
                return r;
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /**
     * Removes a record (TC's {@code out}).
     *
     * @return false if the key was absent
     */
    public boolean remove(byte[] key) {
        Objects.requireNonNull(key, "key");
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                Engine e = writable();
                boolean removed = records.remove(key);
                autoDefragment(e);
                return removed;
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    public boolean remove(String key) {
        try {
            return remove(utf8(key));
        } catch (InternalError x) {
            throw lateFailure(x);
        }
    }

    private void autoDefragment(Engine e) {
        if (defragUnit > 0 && e.pool.insertions() > defragUnit) {
            defragmenter.step(defragUnit * 2L + 1);
        }
    }

    // ---------------------------------------------------------------- reads

    /** The value of {@code key}, or null if it is absent. */
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        ReentrantReadWriteLock.ReadLock r = readLock();
        try {
            try {
                live();
                return records.get(key);
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            r.unlock();
        }
    }

    /** The value of {@code key} decoded as UTF-8, or null if it is absent. */
    public String get(String key) {
        try {
            byte[] v = get(utf8(key));
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        } catch (InternalError x) {
            throw lateFailure(x);
        }
    }

    public boolean containsKey(byte[] key) {
        try {
            return valueSize(key) >= 0;
        } catch (InternalError x) {
            throw lateFailure(x);
        }
    }

    /** The size of {@code key}'s value (TC's {@code vsiz}), or -1 if it is absent. */
    public int valueSize(byte[] key) {
        Objects.requireNonNull(key, "key");
        ReentrantReadWriteLock.ReadLock r = readLock();
        try {
            try {
                live();
                return records.valueSize(key);
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            r.unlock();
        }
    }

    /** The number of records (TC's {@code rnum}). */
    public long count() {
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        try {
            try {
                return live().meta.rnum;
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            r.unlock();
        }
    }

    /** The logical size of the file in bytes (TC's {@code fsiz}). */
    public long fileSize() {
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        try {
            try {
                return live().meta.fsiz;
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            r.unlock();
        }
    }

    /** The path this database was opened with. */
    public Path path() {
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        try {
            try {
                return live().path;
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            r.unlock();
        }
    }

    /** The header, tuning and counts of the database. */
    public DatabaseInfo info() {
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        try {
            try {
                Engine e = live();
                Header m = e.meta;
                long used = 0;
                for (long i = 0; i < m.bnum; i++) {
                    if (e.bucket(i) != 0) {
                        used++;
                    }
                }
                Set<Option> opts = Collections.unmodifiableSet(Option.fromBits(m.opts));
                return new DatabaseInfo(e.path, e.order, (m.flags & Header.FLAG_OPEN) != 0,
                        (m.flags & Header.FLAG_FATAL) != 0, m.bnum, used, e.align, 1L << m.fpow, opts, m.rnum, m.fsiz,
                        m.frec, e.inode, e.mtime);
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            r.unlock();
        }
    }

    // ---------------------------------------------------------------- iteration

    /**
     * Iterates the records in physical file order (insertion order for a file that was only
     * appended to). The iterator is weakly consistent, like TC's own: it sees each record as it is
     * when it reaches it, and writes made meanwhile may make it miss records or see a moved record
     * twice; its position is kept on a block boundary as blocks merge and move. After
     * {@link #optimize}, {@link #vanish} or {@link #abortTransaction} it throws
     * {@link java.util.ConcurrentModificationException}. Each step takes the read lock briefly.
     */
    public Iterator<Entry> iterator() {
        return new Iterator<>() {
            private Cursors.Cursor cursor;
            private int generation;
            private boolean done;
            private Entry next;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    ReentrantReadWriteLock.ReadLock r = readLock();
                    try {
                        try {
                            Engine e = live();
                            if (cursor == null) {
                                cursor = e.cursors.register(e.meta.frec);
                                generation = e.generation;
                            } else if (generation != e.generation) {
                                throw new ConcurrentModificationException("the database was rebuilt or rolled back");
                            }
                            Block b = e.readerBlock();
                            long after = records.next(cursor.off, b);
                            if (after < 0) {
                                done = true;
                            } else {
                                cursor.off = after;
                                next = new Entry(e.key(b), e.value(b));
                            }
                        } catch (TcException x) {
                            throw settled(x);
                        }
                    } catch (InternalError | OutOfMemoryError x) {
                        throw failure(x);
                    } finally {
                        r.unlock();
                    }
                }
                return next != null;
            }

            @Override
            public Entry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Entry result = next;
                next = null;
                return result;
            }
        };
    }

    /** The records in physical order, as a sequential stream (see {@link #iterator()}). */
    public Stream<Entry> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Visits every record in physical order under the read lock (TC's {@code foreach}): a
     * consistent snapshot, since writers wait until it returns. The action must not write to this
     * handle.
     */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        Objects.requireNonNull(action, "action");
        ReentrantReadWriteLock.ReadLock r = readLock();
        try {
            try {
                Engine e = live();
                Block b = new Block(e.runit, e.order);
                for (long off = e.meta.frec; (off = records.next(off, b)) >= 0; ) {
                    action.accept(e.key(b), e.value(b));
                }
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            r.unlock();
        }
    }

    /**
     * The keys starting with {@code prefix}, in physical order, at most {@code max} of them (all if
     * {@code max} is negative), as TC's {@code fwmkeys}.
     */
    public List<byte[]> keysWithPrefix(byte[] prefix, int max) {
        Objects.requireNonNull(prefix, "prefix");
        List<byte[]> keys = new ArrayList<>();
        int limit = max < 0 ? Integer.MAX_VALUE : max;
        ReentrantReadWriteLock.ReadLock r = readLock();
        try {
            try {
                Engine e = live();
                Block b = e.readerBlock();
                for (long off = e.meta.frec; keys.size() < limit && (off = records.next(off, b)) >= 0; ) {
                    if (b.ksiz >= prefix.length) {
                        byte[] k = e.key(b);
                        if (java.util.Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                            keys.add(k);
                        }
                    }
                }
                return keys;
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            r.unlock();
        }
    }

    /** Resets the handle's own iterator to the first record (TC's {@code iterinit}). */
    public void iterInit() {
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                Engine e = live();
                e.cursors.iter.off = e.meta.frec;
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /**
     * Positions the handle's iterator at the record of {@code key} (TC's {@code iterinit2}).
     *
     * @return false if the key is absent
     */
    public boolean iterInit(byte[] key) {
        Objects.requireNonNull(key, "key");
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                Engine e = live();
                if (!records.lookup(key, e.writeBlock)) {
                    return false;
                }
                e.cursors.iter.off = e.writeBlock.off;
                return true;
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /**
     * The key of the record at the handle's iterator, advancing it (TC's {@code iternext}); null at
     * the end. Unlike {@link #iterator()}, this cursor follows TC's rules when the file changes
     * under it: it may be used to update records while iterating.
     *
     * @throws TcException with {@link TcError#INVALID} if {@link #iterInit} was not called
     */
    public byte[] iterNext() {
        Entry entry = iterNextEntry(false);
        return entry == null ? null : entry.key();
    }

    /** Like {@link #iterNext()}, with the record's value (TC's {@code iternext3}). */
    public Entry iterNextEntry() {
        return iterNextEntry(true);
    }

    private Entry iterNextEntry(boolean withValue) {
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                Engine e = live();
                Cursors.Cursor it = e.cursors.iter;
                if (it.off < 1) {
                    throw new TcException(TcError.INVALID, "iterInit was not called");
                }
                Block b = e.readerBlock();
                long next = records.next(it.off, b);
                if (next < 0) {
                    it.off = Math.max(it.off, e.meta.fsiz);
                    return null;
                }
                it.off = next;
                return new Entry(e.key(b), withValue ? e.value(b) : null);
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /**
     * Checks every structural invariant of the file (TC has no such check) and names each
     * violation: the header, the blocks tiling the record section, each bucket's tree (hash order,
     * no loops, links to records inside the section), records no tree reaches, the saved free block
     * pool of a cleanly closed file, and the record count against the records the trees reach.
     *
     * @return the violations found, at most 1000, empty for a sound file
     */
    public List<String> verify() {
        ReentrantReadWriteLock.ReadLock r = readLock();
        try {
            try {
                return new Verifier(live()).run();
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            r.unlock();
        }
    }

    /**
     * Salvages every intact record of a damaged file into a new file (TC has no such operation):
     * the blocks of {@code source} are walked (not only its trees, so records cut off from their
     * bucket are found), stepping past unreadable ranges until a valid block starts again; a record
     * is saved when its sizes fit, its hash byte matches its key and its value decodes. The new file
     * {@code target} (created or emptied) gets the source's tuning and byte order where its header
     * still tells them. The source is only read, under a shared lock.
     *
     * @param codec the codec of an EXCODEC file; null stores such values unchanged
     * @throws TcException if the source cannot be read or the target written
     */
    public static RepairReport repair(Path source, Path target, ValueCodec codec) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        try {
            return new Salvager(source, codec).into(target);
        } catch (OutOfMemoryError x) {
            throw new TcException(TcError.MISC, "not enough memory: " + x.getMessage(), x);
        }
    }

    // ---------------------------------------------------------------- maintenance

    /** Writes the header and flushes the file to the device (TC's {@code sync}). */
    public void sync() {
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                Engine e = writable();
                if (e.tran) {
                    throw new TcException(TcError.INVALID, "sync inside a transaction");
                }
                e.memsync(true);
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /**
     * Rebuilds the file compactly with the default tuning for its size, as {@code tchmgr optimize}
     * does (buckets: twice the record count plus one, at least 131071; alignment, pool size and
     * options kept).
     */
    public void optimize() {
        optimize(-1, -1, -1, null);
    }

    /**
     * Rebuilds the file with new tuning, as TC's {@code tchdboptimize}: {@code buckets} < 1 means
     * twice the record count plus one (at least 131071); a negative power keeps the current one;
     * null options keep the current options.
     */
    public void optimize(long buckets, int alignmentPower, int freeBlockPoolPower, Set<Option> options) {
        optimize(buckets, alignmentPower, freeBlockPoolPower, options, null);
    }

    /**
     * Like {@link #optimize(long, int, int, Set)}, writing the rebuilt file in {@code byteOrder}
     * (null keeps the current one): the way to convert between the big-endian files of Debian's
     * Tokyo Cabinet and the little-endian files of upstream builds.
     */
    public void optimize(long buckets, int alignmentPower, int freeBlockPoolPower, Set<Option> options,
            ByteOrder byteOrder) {
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                writable();
                int opts = options == null ? Maintenance.KEEP_OPTIONS : Option.toBits(options);
                try {
                    maintenance.optimize(buckets, alignmentPower, freeBlockPoolPower, opts, byteOrder);
                } finally {
                    wire();
                }
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /** Compacts the whole file in place (TC's {@code defrag} with a full step count). */
    public void defragment() {
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                writable();
                defragmenter.full();
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /** One incremental defragmentation step examining up to {@code steps} blocks. */
    public void defragment(long steps) {
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                writable();
                if (steps <= 0) {
                    defragmenter.full();
                } else {
                    defragmenter.step(steps);
                }
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /** Removes every record, re-creating the file empty with its tuning (TC's {@code vanish}). */
    public void vanish() {
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                writable();
                try {
                    maintenance.vanish();
                } finally {
                    wire();
                }
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /** Copies the database file to {@code dest}, as a cleanly closed file. */
    public void copyTo(Path dest) {
        Objects.requireNonNull(dest, "dest");
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                live();
                maintenance.copy(dest);
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    // ---------------------------------------------------------------- transactions

    /**
     * Begins a transaction on this handle (TC's {@code tranbegin}); waits while another thread's is
     * open. Every later write of any thread belongs to it until {@link #commitTransaction()} or
     * {@link #abortTransaction()}.
     *
     * @throws TcException with {@link TcError#INVALID} if this thread already has one open, or the
     *     handle is read-only or had a fatal error
     */
    public void beginTransaction() {
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                writable();
                while (live().tran) {
                    if (transactionOwner == Thread.currentThread()) {
                        throw new TcException(TcError.INVALID, "a transaction is already open on this thread");
                    }
                    transactionEnded.awaitUninterruptibly();
                }
                transactions.begin();
                transactionOwner = Thread.currentThread();
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /** Makes the transaction's changes permanent. */
    public void commitTransaction() {
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                writable();
                transactions.commit();
                transactionOwner = null;
                transactionEnded.signalAll();
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    /** Undoes the transaction's changes. */
    public void abortTransaction() {
        ReentrantReadWriteLock.WriteLock w = writeLock();
        try {
            try {
                writable();
                transactions.abort();
                transactionOwner = null;
                transactionEnded.signalAll();
            } catch (TcException x) {
                throw settled(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            w.unlock();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes the database: a writer saves its free block pool and header, clears the OPEN flag,
     * cuts the file to its logical size and rolls back an unfinished transaction. Idempotent.
     */
    @Override
    public void close() {
        // No settle here: writing out the asynchronous puts is part of closing, and its failure
        // must not keep the file (and its lock) from being released.
        ReentrantReadWriteLock.WriteLock w = exclusiveLock();
        try {
            Engine e = engine;
            if (e == null) {
                return;
            }
            engine = null;
            transactionOwner = null;
            transactionEnded.signalAll();
            TcException failure = null;
            try {
                if (asyncPending && !e.faulted) {
                    asyncPending = false;
                    delayed.flush();
                }
            } catch (TcException x) {
                failure = x;
            } catch (InternalError | OutOfMemoryError x) {
                failure = failure(e, x);
            }
            try {
                e.closeFile();
            } catch (TcException x) {
                failure = failure != null ? failure : x;
            } catch (InternalError | OutOfMemoryError x) {
                failure = failure != null ? failure : failure(e, x);
            } finally {
                e.unregister();
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            w.unlock();
        }
    }

    /**
     * Takes the write lock, then writes out asynchronous puts: every operation but the
     * informational getters sees them, as in TC.
     */
    private ReentrantReadWriteLock.WriteLock writeLock() {
        ReentrantReadWriteLock.WriteLock w = exclusiveLock();
        if (asyncPending) {
            try {
                settle();
            } catch (RuntimeException e) {
                w.unlock();
                throw e;
            } catch (InternalError | OutOfMemoryError e) {
                w.unlock();
                throw failure(e);
            }
        }
        return w;
    }

    /** Takes the write lock; refused from inside forEach, whose read lock could never be upgraded. */
    private ReentrantReadWriteLock.WriteLock exclusiveLock() {
        if (lock.getReadHoldCount() > 0) {
            throw new TcException(TcError.INVALID, "cannot write to the database from within forEach");
        }
        ReentrantReadWriteLock.WriteLock w = lock.writeLock();
        w.lock();
        return w;
    }

    /** Writes out pending asynchronous puts; the write lock is held. */
    private void settle() {
        if (engine != null && delayed != null) {
            delayed.flush();
        }
        asyncPending = false;
    }

    /** Takes the read lock, first writing out pending asynchronous puts under the write lock. */
    private ReentrantReadWriteLock.ReadLock readLock() {
        if (asyncPending) {
            writeLock().unlock();
        }
        ReentrantReadWriteLock.ReadLock r = lock.readLock();
        r.lock();
        return r;
    }

    private Engine live() {
        Engine e = engine;
        if (e == null) {
            throw new TcException(TcError.INVALID, "the database is closed");
        }
        if (e.faulted) {
            throw e.accessFailure(null);
        }
        return e;
    }

    private TcException failure(Error x) {
        return failure(engine, x);
    }

    /**
     * A fault the JVM delivered after the inner call had returned, while one of the convenience
     * overloads still runs: it belongs to that call's accesses, so it fails the call with error 15
     * like a fault delivered inside it, rather than reaching the caller as an InternalError.
     */
    private TcException lateFailure(InternalError x) {
        Engine e = engine;
        if (e != null && Engine.isMapFault(x)) {
            return e.accessFailure(x);
        }
        throw x;
    }

    /**
     * An error on its way out of the API, after any fault of an access through the map that the
     * JVM still holds back has been taken here (see {@link #drainFaults}): damage found by the
     * engine may be the garbage a faulted read returned. Its handler sits inside the try that
     * converts faults, because HotSpot may deliver a pending fault while it dispatches the
     * exception to this handler, where a sibling catch clause would not see it.
     */
    private TcException settled(TcException x) {
        Engine e = engine;
        Error fault;
        try {
            fault = drainFaults();
        } catch (InternalError late) {
            fault = late;
        }
        if (fault != null && e != null && Engine.isMapFault(fault)) {
            return e.accessFailure(fault);
        }
        return x;
    }

    /**
     * HotSpot reports a fault of an access through a memory map asynchronously: the access returns
     * garbage, and an InternalError is thrown at some later point, possibly after the call has
     * returned to the application, and sometimes twice (when it re-executes the access). It is
     * delivered for certain when the thread next returns from native code, so this makes such a
     * call, repeatedly while it throws, while the handle's boundary can still convert the error.
     * Only failing operations pay for it.
     */
    private static Error drainFaults() {
        Error first = null;
        for (int i = 0; i < 8; i++) {
            try {
                Thread.holdsLock(FAULT_PROBE);
                return first;
            } catch (InternalError x) {
                if (!Engine.isMapFault(x)) {
                    throw x;
                }
                first = first != null ? first : x;
            }
        }
        return first;
    }

    private static final Object FAULT_PROBE = new Object();

    /**
     * Turns what the JVM throws for trouble the engine cannot rule out in advance into TC errors at
     * the API boundary: a faulting access through the memory map (another process cut the file)
     * and an allocation the heap cannot satisfy (a record or decoded value too large for it, error
     * 9999, as TC reports running out of memory as fatal). Any other error is a defect and propagates.
     */
    private static TcException failure(Engine e, Error x) {
        if (x instanceof OutOfMemoryError) {
            return new TcException(TcError.MISC, "not enough memory: " + x.getMessage(), x);
        }
        if (e != null && Engine.isMapFault(x)) {
            drainFaults();
            return e.accessFailure(x);
        }
        throw x;
    }

    private Engine writable() {
        Engine e = live();
        e.requireWriter();
        return e;
    }

    private static byte[] utf8(String s) {
        return Objects.requireNonNull(s).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * How to open a database: mode, locking and, for a file that does not exist yet, its tuning.
     * Tuning values follow TC's conventions and clamps (see each method); they are ignored when the
     * file exists, whose header is authoritative.
     */
    public static final class Builder {
        private final Path path;
        private boolean writer = true;
        private boolean create = true;
        private boolean truncate;
        private boolean noLock;
        private boolean nonBlocking;
        private boolean syncTransactions;
        private long buckets = -1;
        private int alignmentPower = -1;
        private int freeBlockPoolPower = -1;
        private final EnumSet<Option> options = EnumSet.noneOf(Option.class);
        private ByteOrder byteOrder = ByteOrder.BIG_ENDIAN;
        private ByteOrder requiredOrder;
        private long mappedSize = Settings.DEFAULT_XMSIZ;
        private boolean memoryMapped = true;
        private int defragUnit;
        private ValueCodec codec;

        private Builder(Path path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        /** Opens as a reader: shared lock, no writes, never creates. */
        public Builder readOnly() {
            writer = false;
            create = false;
            return this;
        }

        /** Whether a writer creates a missing file (default true). */
        public Builder create(boolean create) {
            this.create = create;
            return this;
        }

        /** Empties the file on open (writers only); its tuning is then taken from this builder. */
        public Builder truncate() {
            this.truncate = true;
            return this;
        }

        /**
         * Takes no file lock. Like TC's NOLCK, the caller then answers for exclusion between
         * processes; unlike TC, the header is still validated.
         */
        public Builder noLock() {
            this.noLock = true;
            return this;
        }

        /** Fails with {@link TcError#LOCK} instead of waiting when another process holds the lock. */
        public Builder lockNonBlocking() {
            this.nonBlocking = true;
            return this;
        }

        /** Flushes the write-ahead log and the file to the device at transaction boundaries (TSYNC). */
        public Builder syncTransactions() {
            this.syncTransactions = true;
            return this;
        }

        /** The bucket count, rounded up by TC's table; 0 or less means 131071. */
        public Builder buckets(long buckets) {
            this.buckets = buckets;
            return this;
        }

        /** Record alignment as a power of 2 (default 4, i.e. 16 bytes; clamped to 16). */
        public Builder alignmentPower(int alignmentPower) {
            this.alignmentPower = alignmentPower;
            return this;
        }

        /** Free block pool capacity as a power of 2 (default 10; clamped to 20; 0 disables reuse). */
        public Builder freeBlockPoolPower(int freeBlockPoolPower) {
            this.freeBlockPoolPower = freeBlockPoolPower;
            return this;
        }

        /** The file's options; DEFLATE, BZIP, TCBS and EXCODEC are exclusive in effect (first wins). */
        public Builder options(Option... options) {
            Collections.addAll(this.options, options);
            return this;
        }

        /**
         * The byte order of a new file: big-endian by default, as Debian's and Ubuntu's Tokyo
         * Cabinet write; little-endian as upstream builds on x86 write. Existing files are read in
         * the order detected from their header.
         */
        public Builder byteOrder(ByteOrder byteOrder) {
            this.byteOrder = Objects.requireNonNull(byteOrder);
            return this;
        }

        /**
         * Opens only files in {@code byteOrder}, failing with {@link TcError#META} (after taking the
         * lock) on a file in the other order, as a Tokyo Cabinet build does: Debian's rejects
         * little-endian files. By default both orders are accepted.
         */
        public Builder requireByteOrder(ByteOrder byteOrder) {
            this.requiredOrder = Objects.requireNonNull(byteOrder);
            return this;
        }

        /**
         * How much of the file to memory-map (TC's {@code xmsiz}, default 64 MiB, rounded up to a
         * page; 0 maps only the header and the bucket array, which are always mapped). Ignored
         * under {@code memoryMapped(false)}.
         */
        public Builder mappedSize(long bytes) {
            this.mappedSize = bytes > 0 ? (bytes + 4095) & -4096L : 0;
            return this;
        }

        /**
         * Whether the handle reaches the file through a memory map (default true), as the C
         * library does, or maps nothing at all and makes every read and write one positional
         * {@code pread}/{@code pwrite} on the file: the header and the bucket array included, and
         * the temporary file of {@link HashDatabase#optimize}. The file's bytes are the same
         * either way, for every sequence of operations; only the access differs.
         *
         * <p>Why to turn it off: when another process cuts the file (say {@code truncate}) while
         * it is open, an access through the map faults, and the JVM may report that fault late,
         * as an {@link InternalError} thrown in the caller's code after the engine call returned,
         * where this class cannot convert it. Without a map, a cut shows as a read that ends
         * early: the call that makes it throws a {@link TcException} with {@link TcError#MMAP},
         * the code a fault has in the mapped mode, since it is the same event; from then on the
         * handle writes nothing, every call fails with the same code, and
         * {@link HashDatabase#close()} releases the file and its lock. A write cannot notice a
         * cut ({@code pwrite} past the end extends the file with zeros), so a writer may complete
         * calls that only write past the cut; a later read of those zeros fails with
         * {@link TcError#RHEAD}, or returns them inside a value.
         *
         * <p>The price is a system call for each access the map would have served (README,
         * "Reliability", gives the measured cost). And since every access then goes through a
         * {@link java.nio.channels.FileChannel}, Java's rule for interruptible channels applies
         * to every call: interrupting a thread inside one, or calling with the thread's interrupt
         * status set, closes the channel, after which the handle fails with I/O errors, has lost
         * its lock, and can only be closed.
         */
        public Builder memoryMapped(boolean memoryMapped) {
            this.memoryMapped = memoryMapped;
            return this;
        }

        /** Enables automatic defragmentation after about this many freed blocks (TC's {@code dfunit}). */
        public Builder defragUnit(int unit) {
            this.defragUnit = Math.max(0, unit);
            return this;
        }

        /** The application's codec for a file with the {@link Option#EXCODEC} option. */
        public Builder codec(ValueCodec codec) {
            this.codec = codec;
            return this;
        }

        /**
         * Opens the database.
         *
         * @throws TcException with TC's error code: {@link TcError#NOFILE} (missing and not created),
         *     {@link TcError#NOPERM}, {@link TcError#LOCK}, {@link TcError#THREAD} (already open in
         *     this process), {@link TcError#META} (not a valid hash database), {@link TcError#READ}
         *     (shorter than a header), {@link TcError#INVALID} (EXCODEC file without a codec)
         */
        public HashDatabase open() {
            if (options.contains(Option.EXCODEC) && codec == null && (truncate || create)) {
                throw new TcException(TcError.INVALID, "the EXCODEC option needs a codec");
            }
            int mode = writer ? Settings.WRITER : Settings.READER;
            if (writer && create) {
                mode |= Settings.CREAT;
            }
            if (writer && truncate) {
                mode |= Settings.TRUNC;
            }
            if (noLock) {
                mode |= Settings.NOLCK;
            }
            if (nonBlocking) {
                mode |= Settings.LCKNB;
            }
            if (syncTransactions) {
                mode |= Settings.TSYNC;
            }
            Settings s = new Settings(mode, buckets, alignmentPower, freeBlockPoolPower, Option.toBits(options),
                    byteOrder, mappedSize, memoryMapped, defragUnit, codec, requiredOrder);
            return new HashDatabase(Engine.open(path, s), defragUnit);
        }
    }
}
