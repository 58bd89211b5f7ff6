package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
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
 * written before the crash remain readable; the next writer to open it finishes or undoes the one
 * update the death interrupted. After close every method but {@code close} fails with
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
 * {@link #count}, {@link #fileSize}, {@link #path}, {@link #info}, iteration through
 * {@link #iterator()} / {@link #stream()} / {@link #forEach}, {@link #keysWithPrefix},
 * {@link #verify}) run concurrently with each other. Everything else runs alone: every write,
 * TC's handle iterator ({@link #iterInit}/{@link #iterNext}), {@link #copyTo} (a writer saves its
 * pool and header into the copy) and {@link #close}. A callback passed to {@link #forEach} must not
 * write to the same handle ({@link TcError#INVALID}). Asynchronous puts ({@link #putAsync}) are
 * written out before any other operation but {@link #count}, {@link #fileSize}, {@link #path} and
 * {@link #info}.
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
 * <p>A machine crash can damage a file changed since its last {@link #sync()} without any sign
 * (the format has no checksums), so such a file is never opened as if it were whole: before the
 * first change after a flush to the device a writer creates the side file
 * {@code <path>.unsynced}, holding the id of the running boot, and flushes it; the next
 * {@link #sync()} (or a commit with {@code syncTransactions}) removes it. Opening a file whose mark
 * comes from another boot fails with {@link TcError#META}, unless
 * {@link Builder#acceptUnsynced()} is set; {@link #verify()} then names the risk. The death of a
 * process leaves its mark from the running boot, and the file opens normally. Changes that a power
 * failure cannot make lie need no mark: a writer's open and close when nothing changed since the
 * last flush, a new file's creation (flushed at once), and the writes of a transaction with
 * {@code syncTransactions}. A file closed after changes without {@link #sync()} keeps its mark,
 * and is refused after the next restart of the machine even if the restart was orderly: call
 * {@link #sync()} before closing a file that must open unattended after a restart. TC knows
 * nothing of the mark.
 *
 * <h2>Errors</h2>
 * Every failure is a {@link TcException} carrying TC's error code. A missing record is not an
 * error: {@link #get} returns null, {@link #remove} false. A damaged file yields
 * {@link TcError#META} at open or {@link TcError#RHEAD} when the damage is met, never a hang or an
 * out-of-bounds access. A record or decoded value too large for the heap gives
 * {@link TcError#MISC}.
 *
 * <h2>The fatal state</h2>
 * As in TC, an error for which {@link TcError#isFatal()} holds (damage met, a failed read or
 * write, running out of memory is not one) marks the handle fatal and, for a writer, sets the FATAL
 * flag in the file, which {@link DatabaseInfo#fatal()} and {@code tchmgr inform} report. A fatal
 * handle goes on as TC's does: reads and writes are still attempted and fail again where they meet
 * the damage, but {@link #beginTransaction()} and {@link #commitTransaction()} refuse with
 * {@link TcError#INVALID}; {@link #abortTransaction()} still rolls back, and {@link #close()} keeps
 * the write-ahead log for the next open. After a failed write, truncation or flush a writer
 * forgets its free block pool and leaves the file marked OPEN at close, so that the next writer
 * repairs it as after a crash.
 *
 * <p>If another process cuts the file while it is open, the call that notices fails with
 * {@link TcError#MMAP}, the handle turns fatal and writes nothing more, and every later call but
 * {@link #close()} fails with {@link TcError#MMAP}; {@link #close()} always releases the lock and
 * the file, even when it reports an error. Any other exception that leaves a call while the file
 * is shorter than its logical size is reported so too, with that exception as the cause (the JVM
 * may turn a fault's garbage into one). Through a memory map (the default) the JVM may report
 * such a fault after a call has returned, as an {@link InternalError} in the caller's code;
 * {@link Builder#memoryMapped(boolean) memoryMapped(false)} rules that out.
 *
 * <p><b>Interrupts</b> never cost a handle its file: a call made with the thread's interrupt status
 * set works as without it and leaves the status set (Java would otherwise close the file's channel
 * and, with the descriptor, drop its lock). Where the JVM exports {@code sun.nio.ch} to this code
 * ({@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}, which this project's launchers pass)
 * the file's channels ignore interrupts altogether. Without that export, an interrupt that another
 * thread sends while a call is inside a system call on the file still closes the channel: that
 * call fails with a {@link TcException} saying the file was closed under the handle, the handle
 * writes nothing more (not even through its map) and fails every later call so, and
 * {@link #close()} only releases; the next writer finds every write acknowledged before. Only an
 * open's wait for another process's lock is interruptible: it then fails with
 * {@link TcError#LOCK}, the status set.
 */
public final class HashDatabase implements AutoCloseable {
    /** How long {@link #close} waits for operations in flight on a file cut under its map. */
    private static final long CUT_CLOSE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private final HandleLock lock = new HandleLock();
    private final Condition transactionEnded = lock.newCondition();
    /** The outcome of puts whose callers ignore it; only touched under the write lock. */
    private final Records.PutResult scratchResult = new Records.PutResult();
    private final int defragUnit;
    /** Volatile for the close that cannot take the lock (see {@link #lockForClose}). */
    private volatile Engine engine;
    /** Guards taking {@link #engine} away at close ({@link #detach}). */
    private final Object detaching = new Object();
    /** The thread that began the open transaction: it may not begin another and wait for itself. */
    private Thread transactionOwner;
    private Records records;
    private Maintenance maintenance;
    private Transactions transactions;
    private Defragmenter defragmenter;
    private DelayedRecords delayed;
    /**
     * The thread running a {@link #putProc} function while it holds the write lock, which is
     * reentrant: a call back into the handle from there would change the tree under the pending
     * write. Written and read by that thread only (others see null or another thread).
     */
    private Thread functionCaller;
    /** The function of the {@link #putProc} holding the write lock; null otherwise. */
    private UnaryOperator<byte[]> functionUpdate;
    private final UnaryOperator<byte[]> guardedUpdate = guardedFunction();
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
        if (engine.isWriter()) {
            transactions = new Transactions(engine);
            defragmenter = new Defragmenter(engine, records);
            delayed = new DelayedRecords(engine, records);
        }
    }

    /**
     * Starts describing how to open the database at {@code path}: by default a writer that creates it.
     *
     * @param path the database file
     * @return a builder with the default settings
     */
    public static Builder builder(Path path) {
        return new Builder(path);
    }

    /**
     * Opens (creating if needed) the database at {@code path} as a writer with default tuning.
     *
     * @param path the database file
     * @return the open handle
     * @throws TcException as {@link Builder#open()}
     */
    public static HashDatabase open(Path path) {
        return builder(path).open();
    }

    /**
     * Whether the file at {@code path} holds nothing but zero bytes, or nothing: no writer has
     * initialized it, or its creation was cut short (the engine writes the zeroed bucket array
     * before the header). A writer's open creates the database in such a file when asked to
     * ({@link Builder#createOverZeros}); otherwise, and for readers, the open fails on it.
     * Thread-safe; reads the file up to its first non-zero byte, once for an initialized file.
     *
     * <p>It opens and closes a descriptor of the file, and POSIX drops all of a process's
     * {@code fcntl} locks on a file when any of its descriptors of that file closes: never ask
     * about a file that a handle of this process has open.
     *
     * @param path the file
     * @return whether the file is uncreated
     * @throws TcException NOFILE if it does not exist, READ if it cannot be read
     */
    public static boolean isUncreated(Path path) {
        try (FileChannel ch = InterruptSafeChannel.openFile(path, StandardOpenOption.READ)) {
            return Engine.isUncreated(ch);
        } catch (NoSuchFileException e) {
            throw new TcException(TcError.NOFILE, path.toString(), e);
        } catch (IOException e) {
            throw new TcException(TcError.READ, path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens the existing database at {@code path} read-only.
     *
     * @param path the database file
     * @return the open handle
     * @throws TcException as {@link Builder#open()}
     */
    public static HashDatabase openReadOnly(Path path) {
        return builder(path).readOnly().open();
    }

    // ---------------------------------------------------------------- locking

    /** How a call takes the handle's lock and what it needs of the handle. */
    private enum Access {
        /** The read lock, leaving asynchronous puts pending: the informational getters. */
        PEEK(false, false, false),
        /** Pending asynchronous puts written out, then the read lock: reads. */
        READ(true, false, false),
        /** The write lock, pending puts written out, on any handle: TC's handle iterator and copy. */
        HANDLE(true, true, false),
        /** The write lock, pending puts written out, on a writer: every write. */
        WRITE(true, true, true),
        /** The write lock on a writer, leaving pending puts pending: asynchronous puts. */
        BUFFER(false, true, true);

        final boolean settles;
        final boolean exclusive;
        final boolean writes;

        Access(boolean settles, boolean exclusive, boolean writes) {
            this.settles = settles;
            this.exclusive = exclusive;
            this.writes = writes;
        }
    }

    /**
     * The body of a call, run by {@link #locked} with the handle's engine. Bodies are written as
     * lambdas that capture nothing (they reach the handle through {@code db}), so a call allocates
     * no closure; {@link #putProc}'s alone carries the caller's function.
     */
    @FunctionalInterface
    private interface Body<A, B, R> {
        R run(HashDatabase db, Engine e, A a, B b);
    }

    /**
     * How a call runs ({@link #get(byte[])} and the put family write the same shape out, see
     * {@link #store}): takes the lock {@code access} names, checks the handle is open
     * (and a writer, for writes), runs {@code body}, and turns what escapes into TC errors while
     * the lock is still held. The handler of a {@link TcException} sits inside the try that
     * converts faults, because HotSpot may deliver a pending fault of an access through the map
     * while it dispatches the exception to that handler, where a sibling catch clause would not
     * see it.
     */
    private <A, B, R> R locked(Access access, A a, B b, Body<A, B, R> body) {
        acquire(access);
        try {
            try {
                Engine e = live();
                if (access.writes) {
                    e.requireWriter();
                }
                return body.run(this, e, a, b);
            } catch (TcException x) {
                throw settled(x);
            } catch (RuntimeException x) {
                throw unexpected(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            release(access);
        }
    }

    /**
     * Takes the lock {@code access} names. No call holds a lock while it runs the application's
     * code ({@link #forEach} and the iterators take it per record), so a thread never asks for the
     * write lock while it holds the read lock. Pending asynchronous puts are written out under
     * the write lock first where {@code access} says so: every call but the informational getters
     * sees them, as in TC.
     */
    private void acquire(Access access) {
        refuseFunctionCaller();
        if (!access.exclusive) {
            if (access.settles && asyncPending) {
                acquire(Access.HANDLE);
                release(Access.HANDLE);
            }
            lock.lockShared();
            return;
        }
        lock.lockExclusive();
        if (access.settles && asyncPending) {
            try {
                settle();
            } catch (TcException e) {
                lock.unlockExclusive();
                throw e;
            } catch (RuntimeException e) {
                RuntimeException out = unexpected(e);
                lock.unlockExclusive();
                throw out;
            } catch (InternalError | OutOfMemoryError e) {
                lock.unlockExclusive();
                throw failure(e);
            }
        }
    }

    /** Releases what {@link #acquire} took for {@code access}. */
    private void release(Access access) {
        if (access.exclusive) {
            lock.unlockExclusive();
        } else {
            lock.unlockShared();
        }
    }

    /** A putProc function must not call back into its handle, whose write lock its caller holds. */
    private void refuseFunctionCaller() {
        if (functionCaller == Thread.currentThread()) {
            throw new TcException(TcError.INVALID, "a putProc function may not use the handle it runs under");
        }
    }

    /**
     * Takes the write lock for {@link #close}; false if the file was cut under its map and the lock was
     * not free within {@link #CUT_CLOSE_WAIT_NANOS} (or such a close has happened). HotSpot
     * delivers a fault through the map at a safepoint of the faulting thread, which may lie inside
     * the lock's own code: a read lock can then stay taken by a thread that is gone, and waiting
     * for it would never end.
     */
    private boolean lockForClose() {
        refuseFunctionCaller();
        boolean interrupted = false;
        long cutSince = 0;
        try {
            while (true) {
                try {
                    if (lock.tryLockExclusive(TimeUnit.MILLISECONDS.toNanos(100))) {
                        return true;
                    }
                } catch (InterruptedException x) {
                    interrupted = true;
                }
                Engine e = engine;
                if (e == null) {
                    // Closed already, by a close that could not take the lock either.
                    return false;
                } else if (!e.mapOutlivesFile()) {
                    cutSince = 0;
                } else if (cutSince == 0) {
                    cutSince = System.nanoTime();
                } else if (System.nanoTime() - cutSince > CUT_CLOSE_WAIT_NANOS) {
                    return false;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Takes the engine from the handle, once: a close that could not take the lock and one that
     * took it after all may run at once, and only one of them may release the file.
     */
    private Engine detach() {
        synchronized (detaching) {
            Engine e = engine;
            engine = null;
            return e;
        }
    }

    /** Writes out pending asynchronous puts; the write lock is held. */
    private void settle() {
        if (engine != null && delayed != null) {
            delayed.flush();
        }
        asyncPending = false;
    }

    private Engine live() {
        Engine e = engine;
        if (e == null) {
            throw new TcException(TcError.INVALID, "the database is closed");
        }
        if (e.isFaulted()) {
            throw e.accessFailure(null);
        }
        return e;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Stores a record, replacing the value of an existing key.
     *
     * @param key the key
     * @param value the value
     * @throws TcException on a read-only, closed or cut handle, a record too large for the file, or damage met
     */
    public void put(byte[] key, byte[] value) {
        store(key, value, Records.Mode.OVERWRITE, scratchResult);
    }

    /**
     * Stores a record with a UTF-8 key and value, as {@link #put(byte[], byte[])}.
     *
     * @param key the key
     * @param value the value
     */
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
     *
     * @param key the key
     * @param value the value
     */
    public void putAsync(byte[] key, byte[] value) {
        locked(Access.BUFFER, Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"),
                (db, e, k, v) -> {
                    db.delayed.put(k, db.records.encode(v));
                    db.asyncPending = db.delayed.pending();
                    return null;
                });
    }

    /**
     * As {@link #putAsync(byte[], byte[])} with a UTF-8 key and value.
     *
     * @param key the key
     * @param value the value
     */
    public void putAsync(String key, String value) {
        putAsync(utf8(key), utf8(value));
    }

    /**
     * Stores a record only if the key is absent (TC's {@code putkeep}).
     *
     * @param key the key
     * @param value the value
     * @return false, leaving the database unchanged, if the key exists
     */
    public boolean putIfAbsent(byte[] key, byte[] value) {
        return store(key, value, Records.Mode.KEEP, new Records.PutResult()).stored;
    }

    /**
     * As {@link #putIfAbsent(byte[], byte[])} with a UTF-8 key and value.
     *
     * @param key the key
     * @param value the value
     * @return false if the key exists
     */
    public boolean putIfAbsent(String key, String value) {
        try {
            return putIfAbsent(utf8(key), utf8(value));
        } catch (InternalError x) {
            throw lateFailure(x);
        }
    }

    /**
     * Appends to the value of a record, creating it if absent (TC's {@code putcat}).
     *
     * @param key the key
     * @param value the bytes to append
     */
    public void append(byte[] key, byte[] value) {
        store(key, value, Records.Mode.CONCAT, scratchResult);
    }

    /**
     * As {@link #append(byte[], byte[])} with a UTF-8 key and value.
     *
     * @param key the key
     * @param value the text to append
     */
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
     * @param key the key
     * @param delta what to add
     * @return the new value
     * @throws TcException with {@link TcError#KEEP} if the existing value is not 4 bytes long
     */
    public int addInt(byte[] key, int delta) {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, delta).array();
        return store(key, v, Records.Mode.ADD_INT, new Records.PutResult()).intValue;
    }

    /**
     * Adds to a record holding an 8-byte little-endian IEEE double (TC's {@code adddouble}),
     * creating it with {@code delta} if absent.
     *
     * @param key the key
     * @param delta what to add
     * @return the new value
     * @throws TcException with {@link TcError#KEEP} if the existing value is not 8 bytes long
     */
    public double addDouble(byte[] key, double delta) {
        byte[] v = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0, delta).array();
        return store(key, v, Records.Mode.ADD_DOUBLE, new Records.PutResult()).doubleValue;
    }

    /**
     * As {@link #addInt(byte[], int)} with a UTF-8 key.
     *
     * @param key the key
     * @param delta what to add
     * @return the new value
     */
    public int addInt(String key, int delta) {
        return addInt(utf8(key), delta);
    }

    /**
     * As {@link #addDouble(byte[], double)} with a UTF-8 key.
     *
     * @param key the key
     * @param delta what to add
     * @return the new value
     */
    public double addDouble(String key, double delta) {
        return addDouble(utf8(key), delta);
    }

    /**
     * Runs a put under the write lock, then a defragmentation step if enough blocks were freed.
     *
     * <p>This and {@link #get(byte[])}, the hot calls, take the lock exactly as {@link #locked}
     * does, written out instead of through a body: through {@code locked}, the JIT compiled the
     * whole put or get path twice (inside {@code locked} and inside the caller), which doubled its
     * compile time and slowed 1M-record runs by 10 to 50% before the code was compiled.
     */
    private Records.PutResult store(byte[] key, byte[] value, Records.Mode mode, Records.PutResult out) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        acquire(Access.WRITE);
        try {
            try {
                live().requireWriter();
                records.put(key, value, mode, out);
                defragmenter.stepIfDue(defragUnit);
                return out;
            } catch (TcException x) {
                throw settled(x);
            } catch (RuntimeException x) {
                throw unexpected(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            release(Access.WRITE);
        }
    }

    /**
     * What a {@link #putProc} function answers to remove the record: compared by identity, so an
     * empty value of the function's own is stored as an empty value.
     */
    public static final byte[] REMOVE = new byte[0];

    /**
     * Stores a record through a function of its present value, in one lookup (TC's
     * {@code putproc}). For a present key, {@code update} receives a copy of its value (decoded in
     * a compressed file) and answers the new value, {@link #REMOVE} to remove the record, or null
     * to leave it as it is; for an absent key, {@code absent} is stored unless it is null. The
     * function runs under the handle's write lock, so no other thread sees the record between the
     * read and the write; it must not use this handle (such a call fails with
     * {@link TcError#INVALID}, as TC's would deadlock), and what it throws propagates with nothing
     * written. The handle keeps no reference to {@code absent} or to the array {@code update}
     * answers once the call has returned: a caller may reuse them from call to call.
     *
     * @param key the key
     * @param absent the value for an absent key, or null to store nothing then
     * @param update the function of the present value
     * @return false when nothing changed because {@code update} answered null or the key was
     *     absent with {@code absent} null (TC's errors 21 and 22)
     * @throws TcException on a read-only, closed or cut handle, a record too large for the file, or damage met
     */
    public boolean putProc(byte[] key, byte[] absent, UnaryOperator<byte[]> update) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(update, "update");
        // Written out as in store(), and through handle fields set under the write lock: a body
        // capturing the function cost two allocations per call (a counter update of countd each).
        acquire(Access.WRITE);
        try {
            try {
                live().requireWriter();
                functionUpdate = update;
                try {
                    boolean changed = records.putProc(key, absent, guardedUpdate);
                    defragmenter.stepIfDue(defragUnit);
                    return changed;
                } finally {
                    functionUpdate = null;
                }
            } catch (TcException x) {
                throw settled(x);
            } catch (RuntimeException x) {
                throw unexpected(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            release(Access.WRITE);
        }
    }

    /** {@link #functionUpdate} with {@link #functionCaller} set while it runs. */
    private UnaryOperator<byte[]> guardedFunction() {
        return old -> {
            functionCaller = Thread.currentThread();
            try {
                return functionUpdate.apply(old);
            } finally {
                functionCaller = null;
            }
        };
    }

    /**
     * Removes a record (TC's {@code out}).
     *
     * @param key the key
     * @return false if the key was absent
     */
    public boolean remove(byte[] key) {
        return locked(Access.WRITE, Objects.requireNonNull(key, "key"), null, (db, e, k, unused) -> {
            boolean removed = db.records.remove(k);
            db.defragmenter.stepIfDue(db.defragUnit);
            return removed;
        });
    }

    /**
     * As {@link #remove(byte[])} with a UTF-8 key.
     *
     * @param key the key
     * @return false if the key was absent
     */
    public boolean remove(String key) {
        try {
            return remove(utf8(key));
        } catch (InternalError x) {
            throw lateFailure(x);
        }
    }

    // ---------------------------------------------------------------- reads

    /**
     * The value of {@code key}, or null if it is absent.
     *
     * @param key the key
     * @return a copy of the value (decoded for compressed files), or null
     */
    public byte[] get(byte[] key) {
        Objects.requireNonNull(key, "key");
        // Written out as in store(), for the same reason.
        acquire(Access.READ);
        try {
            try {
                live();
                return records.get(key);
            } catch (TcException x) {
                throw settled(x);
            } catch (RuntimeException x) {
                throw unexpected(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            release(Access.READ);
        }
    }

    /**
     * The value of {@code key} decoded as UTF-8, or null if it is absent.
     *
     * @param key the key, encoded as UTF-8
     * @return the value, or null
     */
    public String get(String key) {
        try {
            byte[] v = get(utf8(key));
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        } catch (InternalError x) {
            throw lateFailure(x);
        }
    }

    /**
     * Copies the value of {@code key} into {@code into} without allocating (for files without a
     * compression codec; a compressed value is decoded into a temporary array first). The value
     * goes at the buffer's position, which advances past it, if it fits in the buffer's remaining
     * space; otherwise the buffer is left as it was, and the answer says how much room to make.
     *
     * @param key the key
     * @param into where to copy the value; heap or direct
     * @return the value's size in bytes, whether or not it was copied; -1 if the key is absent
     * @throws java.nio.ReadOnlyBufferException if {@code into} is read-only and the value fits
     */
    public int get(byte[] key, ByteBuffer into) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(into, "into");
        // Written out as in store(): a body's Integer answer would be boxed.
        acquire(Access.READ);
        try {
            try {
                live();
                return records.get(key, into);
            } catch (TcException x) {
                throw settled(x);
            } catch (RuntimeException x) {
                throw unexpected(x);
            }
        } catch (InternalError | OutOfMemoryError x) {
            throw failure(x);
        } finally {
            release(Access.READ);
        }
    }

    /**
     * Whether a record with {@code key} exists.
     *
     * @param key the key
     * @return true if it exists
     */
    public boolean containsKey(byte[] key) {
        try {
            return valueSize(key) >= 0;
        } catch (InternalError x) {
            throw lateFailure(x);
        }
    }

    /**
     * As {@link #containsKey(byte[])} with a UTF-8 key.
     *
     * @param key the key
     * @return true if it exists
     */
    public boolean containsKey(String key) {
        return containsKey(utf8(key));
    }

    /**
     * As {@link #valueSize(byte[])} with a UTF-8 key.
     *
     * @param key the key
     * @return the size in bytes, or -1
     */
    public int valueSize(String key) {
        return valueSize(utf8(key));
    }

    /**
     * The size of {@code key}'s value (TC's {@code vsiz}), or -1 if it is absent.
     *
     * @param key the key
     * @return the size in bytes (decoded, for compressed files), or -1
     */
    public int valueSize(byte[] key) {
        return locked(Access.READ, Objects.requireNonNull(key, "key"), null,
                (db, e, k, unused) -> db.records.valueSize(k));
    }

    /**
     * The number of records (TC's {@code rnum}).
     *
     * @return the record count in the header
     */
    public long count() {
        return locked(Access.PEEK, null, null, (db, e, a, b) -> e.header().rnum);
    }

    /**
     * The logical size of the file in bytes (TC's {@code fsiz}).
     *
     * @return the file size in the header
     */
    public long fileSize() {
        return locked(Access.PEEK, null, null, (db, e, a, b) -> e.header().fsiz);
    }

    /**
     * The path this database was opened with.
     *
     * @return the path
     */
    public Path path() {
        return locked(Access.PEEK, null, null, (db, e, a, b) -> e.path);
    }

    /**
     * The header, tuning and counts of the database.
     *
     * @return a snapshot of them
     */
    public DatabaseInfo info() {
        return locked(Access.PEEK, null, null, (db, e, a, b) -> {
            Header m = e.header();
            long used = 0;
            for (long i = 0; i < m.bnum; i++) {
                if (e.bucket(i) != 0) {
                    used++;
                }
            }
            Set<Option> opts = Collections.unmodifiableSet(Option.fromBits(m.opts));
            return new DatabaseInfo(e.path, e.order(), (m.flags & Header.FLAG_OPEN) != 0,
                    (m.flags & Header.FLAG_FATAL) != 0, m.bnum, used, e.align(), 1L << m.fpow, opts, m.rnum, m.fsiz,
                    m.frec, e.inode(), e.mtime());
        });
    }

    // ---------------------------------------------------------------- iteration

    /**
     * Iterates the records in physical file order (insertion order for a file that was only
     * appended to). The iterator is weakly consistent, like TC's own: it sees each record as it is
     * when it reaches it, and writes made meanwhile may make it miss records or see a moved record
     * twice; its position is kept on a block boundary as blocks merge and move. After
     * {@link #optimize}, {@link #vanish} or {@link #abortTransaction} it throws
     * {@link java.util.ConcurrentModificationException}. Each step takes the read lock briefly.
     *
     * @return an iterator over copies of the records
     */
    public Iterator<Entry> iterator() {
        return new RecordIterator();
    }

    /** An iterator of {@link #iterator()}: a cursor the engine keeps on block boundaries. */
    private final class RecordIterator implements Iterator<Entry> {
        private Cursors.Cursor cursor;
        private int generation;
        private boolean done;
        private Entry next;

        @Override
        public boolean hasNext() {
            if (next == null && !done) {
                locked(Access.READ, this, null, (db, e, it, unused) -> it.advance(db, e));
            }
            return next != null;
        }

        /** Reads the next record into {@link #next}, or notes the end; the read lock is held. */
        private Void advance(HashDatabase db, Engine e) {
            if (cursor == null) {
                cursor = e.cursors().register(e.header().frec);
                generation = e.generation();
            } else if (generation != e.generation()) {
                throw new ConcurrentModificationException("the database was rebuilt or rolled back");
            }
            Block b = e.readerBlock();
            long after = db.records.next(cursor.at(), b);
            if (after < 0) {
                done = true;
            } else {
                cursor.to(after);
                next = new Entry(e.key(b), e.value(b));
            }
            return null;
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
    }

    /**
     * The records in physical order, as a sequential stream (see {@link #iterator()}).
     *
     * @return a stream over copies of the records
     */
    public Stream<Entry> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * Visits every record in physical order (TC's {@code foreach}), with the same rules as
     * {@link #iterator()} and {@link #stream()}: the read lock is taken per record, never while
     * {@code action} runs, so the action (and any other thread) may write to this handle; the
     * visit is weakly consistent, as the iterator's.
     *
     * @param action receives a copy of each key and value
     */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        Objects.requireNonNull(action, "action");
        for (RecordIterator it = new RecordIterator(); it.hasNext(); ) {
            Entry entry = it.next();
            action.accept(entry.key(), entry.value());
        }
    }

    /**
     * The keys starting with {@code prefix}, in physical order, at most {@code max} of them (all if
     * {@code max} is negative), as TC's {@code fwmkeys}.
     *
     * @param prefix the prefix
     * @param max the most keys to return; negative for all
     * @return copies of the keys
     */
    public List<byte[]> keysWithPrefix(byte[] prefix, int max) {
        int limit = max < 0 ? Integer.MAX_VALUE : max;
        return locked(Access.READ, Objects.requireNonNull(prefix, "prefix"), limit, (db, e, p, most) -> {
            List<byte[]> keys = new ArrayList<>();
            Block b = e.readerBlock();
            for (long off = e.header().frec; keys.size() < most && (off = db.records.next(off, b)) >= 0; ) {
                if (b.ksiz >= p.length) {
                    byte[] k = e.key(b);
                    if (java.util.Arrays.equals(k, 0, p.length, p, 0, p.length)) {
                        keys.add(k);
                    }
                }
            }
            return keys;
        });
    }

    /**
     * As {@link #keysWithPrefix(byte[], int)} with a UTF-8 prefix, the keys decoded as UTF-8.
     *
     * @param prefix the prefix
     * @param max the most keys to return; negative for all
     * @return the keys
     */
    public List<String> keysWithPrefix(String prefix, int max) {
        List<byte[]> raw = keysWithPrefix(utf8(prefix), max);
        List<String> keys = new ArrayList<>(raw.size());
        for (byte[] k : raw) {
            keys.add(new String(k, StandardCharsets.UTF_8));
        }
        return keys;
    }

    /** Resets the handle's own iterator to the first record (TC's {@code iterinit}). */
    public void iterInit() {
        locked(Access.HANDLE, null, null, (db, e, a, b) -> {
            e.cursors().iterTo(e.header().frec);
            return null;
        });
    }

    /**
     * Positions the handle's iterator at the record of {@code key} (TC's {@code iterinit2}).
     *
     * @param key the key to start at
     * @return false if the key is absent
     */
    public boolean iterInit(byte[] key) {
        return locked(Access.HANDLE, Objects.requireNonNull(key, "key"), null, (db, e, k, unused) -> {
            Block b = e.writerBlock();
            if (!db.records.lookup(k, b)) {
                return false;
            }
            e.cursors().iterTo(b.off);
            return true;
        });
    }

    /**
     * As {@link #iterInit(byte[])} with a UTF-8 key.
     *
     * @param key the key to start at
     * @return false if the key is absent
     */
    public boolean iterInit(String key) {
        return iterInit(utf8(key));
    }

    /**
     * The key of the record at the handle's iterator, advancing it (TC's {@code iternext}); null at
     * the end. Unlike {@link #iterator()}, this cursor follows TC's rules when the file changes
     * under it: it may be used to update records while iterating.
     *
     * @return a copy of the key, or null at the end
     * @throws TcException with {@link TcError#INVALID} if {@link #iterInit} was not called
     */
    public byte[] iterNext() {
        Entry entry = iterNextEntry(false);
        return entry == null ? null : entry.key();
    }

    /**
     * Like {@link #iterNext()}, with the record's value (TC's {@code iternext3}).
     *
     * @return a copy of the record, or null at the end
     * @throws TcException with {@link TcError#INVALID} if {@link #iterInit} was not called
     */
    public Entry iterNextEntry() {
        return iterNextEntry(true);
    }

    private Entry iterNextEntry(boolean withValue) {
        return locked(Access.HANDLE, withValue, null, (db, e, values, unused) -> {
            Cursors c = e.cursors();
            if (c.iterAt() < 1) {
                throw new TcException(TcError.INVALID, "iterInit was not called");
            }
            Block b = e.readerBlock();
            long next = db.records.next(c.iterAt(), b);
            if (next < 0) {
                c.iterTo(Math.max(c.iterAt(), e.header().fsiz));
                return null;
            }
            c.iterTo(next);
            return new Entry(e.key(b), values ? e.value(b) : null);
        });
    }

    /**
     * Checks every structural invariant of the file (TC has no such check) and names each
     * violation: the header, the blocks tiling the record section, each bucket's tree (hash order,
     * no loops, links to records inside the section), records no tree reaches, the saved free block
     * pool of a cleanly closed file, and the record count against the records the trees reach.
     *
     * <p>A file opened with {@link Builder#acceptUnsynced()} whose mark came from another boot is
     * reported as such too: its structure may be sound while its records are wrong.
     *
     * @return the violations found, at most 1000, empty for a sound file
     */
    public List<String> verify() {
        return locked(Access.READ, null, null, (db, e, a, b) -> new Verifier(e).run());
    }

    /**
     * Salvages every intact record of a damaged file into a new file (TC has no such operation):
     * the blocks of {@code source} are walked (not only its trees, so records cut off from their
     * bucket are found), stepping past unreadable ranges until a valid block starts again; a record
     * is saved when its sizes fit, its hash byte matches its key and its value decodes. The new file
     * {@code target} (created or emptied) gets the source's tuning and byte order where its header
     * still tells them. The source is only read, under a shared lock.
     *
     * @param source the damaged file
     * @param target the file to write, created or emptied
     * @param codec the codec of an EXCODEC file; null stores such values unchanged
     * @return what was saved and what was skipped
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

    /**
     * Writes the header and flushes the file to the device (TC's {@code sync}).
     *
     * @throws TcException with {@link TcError#INVALID} inside a transaction, {@link TcError#SYNC} if the flush fails
     */
    public void sync() {
        locked(Access.WRITE, null, null, (db, e, a, b) -> {
            if (e.inTransaction()) {
                throw new TcException(TcError.INVALID, "sync inside a transaction");
            }
            e.memsync(true);
            return null;
        });
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
     * Rebuilds the file with new tuning, as TC's {@code tchdboptimize}: {@code buckets} &lt; 1 means
     * twice the record count plus one (at least 131071); a negative power keeps the current one;
     * null options keep the current options.
     *
     * @param buckets the bucket count
     * @param alignmentPower the alignment power
     * @param freeBlockPoolPower the free block pool power
     * @param options the options, or null
     */
    public void optimize(long buckets, int alignmentPower, int freeBlockPoolPower, Set<Option> options) {
        optimize(buckets, alignmentPower, freeBlockPoolPower, options, null);
    }

    /**
     * Like {@link #optimize(long, int, int, Set)}, writing the rebuilt file in {@code byteOrder}
     * (null keeps the current one): the way to convert between the big-endian files of Debian's
     * Tokyo Cabinet and the little-endian files of upstream builds.
     *
     * @param buckets the bucket count
     * @param alignmentPower the alignment power
     * @param freeBlockPoolPower the free block pool power
     * @param options the options, or null
     * @param byteOrder the byte order, or null
     */
    public void optimize(long buckets, int alignmentPower, int freeBlockPoolPower, Set<Option> options,
            ByteOrder byteOrder) {
        int opts = options == null ? Maintenance.KEEP_OPTIONS : Option.toBits(options);
        Tuning tuning = new Tuning(buckets, alignmentPower, freeBlockPoolPower, opts, byteOrder);
        locked(Access.WRITE, tuning, null, (db, e, t, unused) -> {
            try {
                db.maintenance.optimize(t);
            } finally {
                db.wire();
            }
            return null;
        });
    }

    /** Compacts the whole file in place (TC's {@code defrag} with a full step count). */
    public void defragment() {
        defragment(0);
    }

    /**
     * One incremental defragmentation step examining up to {@code steps} blocks.
     *
     * @param steps how many blocks the step examines; 0 or less compacts the whole file
     */
    public void defragment(long steps) {
        locked(Access.WRITE, steps, null, (db, e, n, unused) -> {
            if (n <= 0) {
                db.defragmenter.full();
            } else {
                db.defragmenter.step(n);
            }
            return null;
        });
    }

    /** Removes every record, re-creating the file empty with its tuning (TC's {@code vanish}). */
    public void vanish() {
        locked(Access.WRITE, null, null, (db, e, a, b) -> {
            try {
                db.maintenance.vanish();
            } finally {
                db.wire();
            }
            return null;
        });
    }

    /**
     * Copies the database file to {@code dest}, as a cleanly closed file. It runs alone: a writer
     * first saves its pool and header so that the copy is complete.
     *
     * @param dest the file to write, created or replaced
     * @throws TcException with {@link TcError#MISC} if the copy cannot be written
     */
    public void copyTo(Path dest) {
        locked(Access.HANDLE, Objects.requireNonNull(dest, "dest"), null, (db, e, d, unused) -> {
            db.maintenance.copy(d);
            return null;
        });
    }

    // ---------------------------------------------------------------- transactions

    /**
     * Runs {@code body} in a transaction: commits when it returns, aborts when it throws (and
     * rethrows what it threw, with any failure to abort attached as suppressed). Either way the
     * transaction is over when this returns, and the handle is ready for the next one.
     *
     * <pre>{@code
     * db.inTransaction(tx -> {
     *     tx.put("from", "90");
     *     tx.put("to", "110");
     * });
     * }</pre>
     *
     * @param body the work, given this handle
     * @throws TcException as {@link #beginTransaction()} and {@link #commitTransaction()}, or from {@code body}
     */
    public void inTransaction(Consumer<? super HashDatabase> body) {
        Objects.requireNonNull(body, "body");
        computeInTransaction(db -> {
            body.accept(db);
            return null;
        });
    }

    /**
     * As {@link #inTransaction(Consumer)}, for work that computes a value.
     *
     * @param <T> the value's type
     * @param body the work, given this handle
     * @return what {@code body} returned, once committed
     * @throws TcException as {@link #beginTransaction()} and {@link #commitTransaction()}, or from {@code body}
     */
    public <T> T computeInTransaction(Function<? super HashDatabase, ? extends T> body) {
        Objects.requireNonNull(body, "body");
        beginTransaction();
        T result;
        try {
            result = body.apply(this);
            commitTransaction();
        } catch (RuntimeException | Error x) {
            try {
                abortTransaction();
            } catch (RuntimeException abortFailure) {
                x.addSuppressed(abortFailure);
            }
            throw x;
        }
        return result;
    }

    /**
     * Begins a transaction on this handle (TC's {@code tranbegin}); waits while another thread's is
     * open. Every later write of any thread belongs to it until {@link #commitTransaction()} or
     * {@link #abortTransaction()}. A write that fails inside it leaves it open, so the caller
     * decides between committing what succeeded and aborting; until one of them, this thread
     * cannot begin another. {@link #inTransaction} ends it either way.
     *
     * @throws TcException with {@link TcError#INVALID} if this thread already has one open, or the
     *     handle is read-only or had a fatal error
     */
    public void beginTransaction() {
        locked(Access.WRITE, null, null, (db, e, a, b) -> {
            while (db.live().inTransaction()) {
                if (db.transactionOwner == Thread.currentThread()) {
                    throw new TcException(TcError.INVALID, "a transaction is already open on this thread");
                }
                db.lock.awaitUninterruptibly(db.transactionEnded);
            }
            db.transactions.begin();
            db.transactionOwner = Thread.currentThread();
            return null;
        });
    }

    /**
     * Makes the transaction's changes permanent.
     *
     * @throws TcException with {@link TcError#INVALID} if no transaction is open or the handle had a fatal error
     */
    public void commitTransaction() {
        locked(Access.WRITE, null, null, (db, e, a, b) -> {
            db.transactions.commit();
            db.transactionEnded();
            return null;
        });
    }

    /**
     * Undoes the transaction's changes.
     *
     * @throws TcException with {@link TcError#INVALID} if no transaction is open
     */
    public void abortTransaction() {
        locked(Access.WRITE, null, null, (db, e, a, b) -> {
            db.transactions.abort();
            db.transactionEnded();
            return null;
        });
    }

    private void transactionEnded() {
        transactionOwner = null;
        transactionEnded.signalAll();
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Closes the database: a writer writes out asynchronous puts, saves its free block pool and
     * header, clears the OPEN flag, cuts the file to its logical size and rolls back an unfinished
     * transaction. Always releases the file and its lock, even when it reports a failure.
     * Idempotent. Waits for the calls in flight on other threads, except on a file another process
     * has cut under the map: there it waits at most a second (a fault the JVM delivered inside the
     * handle's lock can leave it taken by a thread that is gone), then releases the file without
     * writing, leaves the map to the garbage collector and reports error 15.
     *
     * @throws TcException the first failure met while closing
     */
    @Override
    public void close() {
        // Writing out the asynchronous puts is part of closing, and its failure must not keep the
        // file (and its lock) from being released.
        if (!lockForClose()) {
            Engine e = detach();
            if (e == null) {
                return;
            }
            e.releaseKeepingMap();
            throw new TcException(TcError.MMAP, "closed without waiting for operations in flight on a file"
                    + " cut under its map (a fault may have left one unfinished)");
        }
        try {
            Engine e = detach();
            if (e == null) {
                return;
            }
            transactionEnded();
            TcException failure = null;
            try {
                if (asyncPending && !e.isFaulted()) {
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
            lock.unlockExclusive();
        }
    }

    // ---------------------------------------------------------------- errors

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
     * Any other exception on its way out of the API: on a file that another process has cut under
     * this handle, the garbage of a faulted access through the map (HotSpot once threw an
     * ArrayIndexOutOfBoundsException from inside the JDK's copy loop after such a fault), so error
     * 15 like the fault itself; on a file of its full size, a defect, which goes out as it is.
     * Costs a look at the file's size, on this path only.
     */
    private RuntimeException unexpected(RuntimeException x) {
        Engine e = engine;
        if (e == null || !e.cutByAnother()) {
            return x;
        }
        try {
            drainFaults();
        } catch (InternalError late) {
            // The fault this exception came from, or another of the same cut: reported below.
        }
        return e.accessFailure(x);
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
        private boolean acceptUnsynced;
        private boolean createOverZeros;
        private long buckets = -1;
        private int alignmentPower = -1;
        private int freeBlockPoolPower = -1;
        private final EnumSet<Option> options = EnumSet.noneOf(Option.class);
        private ByteOrder byteOrder = ByteOrder.BIG_ENDIAN;
        private ByteOrder requiredOrder;
        private long mappedSize = Settings.DEFAULT_XMSIZ;
        private long tailWindow = DataFile.WINDOW;
        private boolean memoryMapped = true;
        private int defragUnit;
        private ValueCodec codec;

        private Builder(Path path) {
            this.path = Objects.requireNonNull(path, "path");
        }

        /**
         * Opens as a reader: shared lock, no writes, never creates.
         *
         * @return this builder
         */
        public Builder readOnly() {
            writer = false;
            create = false;
            return this;
        }

        /**
         * Whether a writer creates a missing file (default true).
         *
         * @param create whether to create a missing file
         * @return this builder
         */
        public Builder create(boolean create) {
            this.create = create;
            return this;
        }

        /**
         * Empties the file on open (writers only); its tuning is then taken from this builder.
         *
         * @return this builder
         */
        public Builder truncate() {
            this.truncate = true;
            return this;
        }

        /**
         * Takes no file lock. Like TC's NOLCK, the caller then answers for exclusion between
         * processes; unlike TC, the header is still validated.
         *
         * @return this builder
         */
        public Builder noLock() {
            this.noLock = true;
            return this;
        }

        /**
         * Fails with {@link TcError#LOCK} instead of waiting when another process holds the lock.
         *
         * @return this builder
         */
        public Builder lockNonBlocking() {
            this.nonBlocking = true;
            return this;
        }

        /**
         * Flushes the write-ahead log and the file to the device at transaction boundaries (TSYNC).
         *
         * @return this builder
         */
        public Builder syncTransactions() {
            this.syncTransactions = true;
            return this;
        }

        /**
         * Opens the file even if it was being changed without a {@link HashDatabase#sync()} when
         * its machine stopped (its {@code .unsynced} mark is from another boot): its records may
         * then be lost or wrong without any sign. For inspecting or salvaging such a file; a
         * writer takes the mark over, and its next {@link HashDatabase#sync()} removes it.
         *
         * @return this builder
         */
        public Builder acceptUnsynced() {
            this.acceptUnsynced = true;
            return this;
        }

        /**
         * Lets a writer create the database in a file that holds nothing but zero bytes, as in an
         * empty one: what a creation cut short by a kill or a power failure leaves (the engine
         * writes the header last; see {@link HashDatabase#isUncreated}). Without it, as in Tokyo
         * Cabinet, the open fails on such a file (error 5, or 13 when it is shorter than a header).
         * A file with any non-zero byte is never created over. Ignored for readers.
         *
         * @return this builder
         */
        public Builder createOverZeros() {
            this.createOverZeros = true;
            return this;
        }

        /**
         * The bucket count, rounded up by TC's table; 0 or less means 131071.
         *
         * @param buckets the requested bucket count
         * @return this builder
         */
        public Builder buckets(long buckets) {
            this.buckets = buckets;
            return this;
        }

        /**
         * Record alignment as a power of 2 (default 4, i.e. 16 bytes; clamped to 16).
         *
         * @param alignmentPower the requested alignment power
         * @return this builder
         */
        public Builder alignmentPower(int alignmentPower) {
            this.alignmentPower = alignmentPower;
            return this;
        }

        /**
         * Free block pool capacity as a power of 2 (default 10; clamped to 20; 0 disables reuse).
         *
         * @param freeBlockPoolPower the requested pool power
         * @return this builder
         */
        public Builder freeBlockPoolPower(int freeBlockPoolPower) {
            this.freeBlockPoolPower = freeBlockPoolPower;
            return this;
        }

        /**
         * The file's options; DEFLATE, BZIP, TCBS and EXCODEC are exclusive in effect (first wins).
         *
         * @param options the options to add
         * @return this builder
         */
        public Builder options(Option... options) {
            Collections.addAll(this.options, options);
            return this;
        }

        /**
         * The byte order of a new file: big-endian by default, as Debian's and Ubuntu's Tokyo
         * Cabinet write; little-endian as upstream builds on x86 write. Existing files are read in
         * the order detected from their header.
         *
         * @param byteOrder the byte order
         * @return this builder
         */
        public Builder byteOrder(ByteOrder byteOrder) {
            this.byteOrder = Objects.requireNonNull(byteOrder);
            return this;
        }

        /**
         * Opens only files in {@code byteOrder}, failing with {@link TcError#META} (after taking the
         * lock) on a file in the other order, as a Tokyo Cabinet build does: Debian's rejects
         * little-endian files. By default both orders are accepted.
         *
         * @param byteOrder the byte order
         * @return this builder
         */
        public Builder requireByteOrder(ByteOrder byteOrder) {
            this.requiredOrder = Objects.requireNonNull(byteOrder);
            return this;
        }

        /**
         * How much of the file to memory-map (TC's {@code xmsiz}, default 64 MiB, rounded up to a
         * page; 0 maps only the header and the bucket array, which are always mapped). Ignored
         * under {@code memoryMapped(false)}. Past it, a writer appends through a moving map of
         * 8 MiB, its tail window, rather than with one {@code pwrite} each, and a thread reading
         * the file in order reads through a moving read-only map of its own rather than with one
         * {@code pread} each (format-spec/tchdb.md section 15.4): the file's bytes are the same,
         * and while the file is open it may be up to 8 MiB longer than its data, as within the
         * mapped size.
         *
         * @param bytes the mapped size in bytes
         * @return this builder
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
         * "Reliability", gives the measured cost), each one a place where an interrupt matters
         * when the JVM does not export {@code sun.nio.ch} (see "Interrupts" in the class
         * comment).
         *
         * @param memoryMapped false to map nothing
         * @return this builder
         */
        public Builder memoryMapped(boolean memoryMapped) {
            this.memoryMapped = memoryMapped;
            return this;
        }

        /**
         * The size of a mapped handle's tail and read windows (format-spec/tchdb.md section
         * 15.4), a page multiple; for tests, which make it small so that windows move often in
         * small files.
         */
        Builder tailWindow(long bytes) {
            this.tailWindow = bytes;
            return this;
        }

        /**
         * Enables automatic defragmentation after about this many freed blocks (TC's {@code dfunit}).
         *
         * @param unit freed blocks per automatic step; 0 turns it off
         * @return this builder
         */
        public Builder defragUnit(int unit) {
            this.defragUnit = Math.max(0, unit);
            return this;
        }

        /**
         * The application's codec for a file with the {@link Option#EXCODEC} option.
         *
         * @param codec the codec
         * @return this builder
         */
        public Builder codec(ValueCodec codec) {
            this.codec = codec;
            return this;
        }

        /**
         * Opens the database. A writer that finds the file left open by a writer that died
         * first finishes or undoes the update that death interrupted.
         *
         * @return the open handle
         * @throws TcException with TC's error code: {@link TcError#NOFILE} (missing and not created),
         *     {@link TcError#NOPERM}, {@link TcError#LOCK}, {@link TcError#THREAD} (already open in
         *     this process), {@link TcError#META} (not a valid hash database, or changed without a
         *     sync when its machine stopped), {@link TcError#READ}
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
            if (acceptUnsynced) {
                mode |= Settings.ACCEPT_UNSYNCED;
            }
            if (writer && createOverZeros) {
                mode |= Settings.CREATE_OVER_ZEROS;
            }
            Tuning tuning = new Tuning(buckets, alignmentPower, freeBlockPoolPower, Option.toBits(options), byteOrder);
            Settings s = new Settings(mode, tuning, mappedSize, memoryMapped, tailWindow, codec, requiredOrder);
            Engine e = Engine.open(path, s);
            try {
                CrashRepair.runIfDue(e);
            } catch (RuntimeException | Error x) {
                e.discard();
                throw x;
            }
            return new HashDatabase(e, defragUnit);
        }
    }
}
