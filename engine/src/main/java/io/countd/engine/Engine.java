package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.EnumSet;
import java.util.Map;

/**
 * The state of one open database file and the primitives every operation is built from: the
 * open and close procedures (locking, creation, write-ahead-log recovery, validation, mapping),
 * positional I/O that logs pre-images during a transaction, the bucket array and child links,
 * block reading with TC's read unit, header counters patched in place, and TC's error rules.
 * It owns the file's state (the header, the data file, the writer's free block pool, the cursors,
 * the journal of an open transaction, the fatal and faulted states) and alone changes it, through
 * methods named for what they mean; other parts read it through accessors.
 *
 * <p>Not thread-safe: {@link HashDatabase} serializes writers and lets readers share it. Methods
 * that only read (block reads, bucket reads) are safe to call concurrently when no writer runs;
 * they use per-thread scratch blocks.
 */
final class Engine {
    /** TC reads at least this many bytes at once when it reads a block. */
    private static final int MIN_READ_UNIT = 48;
    private static final int MAX_READ_UNIT = 8192;

    final Path path;
    final Path canonical;
    private Settings settings;
    private int omode;
    private boolean writer;

    private FileChannel channel;
    /** A reader's write channel for log recovery, kept open to the end: closing it would drop our lock. */
    private FileChannel recoveryChannel;
    private DataFile file;
    /** Whether the file may hold changes not yet on the device; per open, from the side file. */
    private UnsyncedMark mark;
    private ByteOrder order;
    private Header meta;
    private int align;
    private int apow;
    private int runit;
    private int width;
    private long msiz;
    private FreeBlockPool pool;
    private final Cursors cursors = new Cursors();
    private ValueCodec codec;
    private final Journal journal;
    private volatile boolean fatal;
    /**
     * Set once an access found the file cut by another process: through the memory map that is a
     * fault; without a map, a read that ends before the file's logical size. This handle's picture
     * of the file is then wrong, so it writes nothing more, and close only releases.
     */
    private volatile boolean faulted;
    /**
     * Once the handle has lost its file ({@link #lose}: its channel closed under it, or a reopen
     * that failed), the error that said so first: later calls report it again. Also sets
     * {@link #faulted}.
     */
    private volatile TcException lost;
    /**
     * Set when a write, truncation or flush of the file failed (a full disk, an I/O error): an
     * update may have stopped half way. The pool is emptied at once, since it may hold the old
     * slot of a record whose move failed, which is no free space; close saves an empty pool and
     * leaves the file marked open, so that the next writer repairs the interrupted update as after
     * a crash ({@link CrashRepair}). TC saves its pool and clears the flag regardless.
     */
    private boolean ioFailed;
    /** Whether this open found the OPEN flag of a writer that died, which {@link CrashRepair} answers. */
    private boolean leftOpen;
    /**
     * Bytes at the end that the header in memory counts for pending asynchronous records not yet
     * in the file ({@link #reservePending}): the file is that much shorter than its logical size
     * without having been cut.
     */
    private long reserved;
    /** Bumped whenever the file is rebuilt or rolled back, which invalidates every iterator. */
    private int generation;
    private long inode;
    private FileTime mtime;
    private Block writeBlock;
    private Block scanBlock;
    private ThreadLocal<Block> readBlocks;
    private byte[] recordBuffer = new byte[8192];
    private ByteBuffer recordView = ByteBuffer.wrap(recordBuffer);

    private Engine(Path path, Path canonical, Settings settings) {
        this.path = path;
        this.canonical = canonical;
        this.settings = settings;
        this.journal = new Journal(path);
    }

    /**
     * Opens a database file: registers it process-wide (a second open of the same file in this
     * process fails with {@link TcError#THREAD}), then runs TC's open procedure.
     */
    static Engine open(Path path, Settings settings) {
        Path canonical = OpenRegistry.canonical(path);
        if (!OpenRegistry.acquire(canonical)) {
            throw new TcException(TcError.THREAD, "already open in this process: " + path);
        }
        Engine e = new Engine(path, canonical, settings);
        try {
            e.openFile(settings.omode());
            return e;
        } catch (RuntimeException | Error x) {
            OpenRegistry.release(canonical);
            throw x;
        }
    }

    // ---------------------------------------------------------------- open and close

    /** TC's open procedure on {@link #path} with the given mode; on failure nothing stays open. */
    void openFile(int mode) {
        this.omode = mode;
        this.writer = (mode & Settings.WRITER) != 0;
        try {
            openChannel();
            lockFile();
            // After the lock, so that an interrupt can still end a wait for another process's lock.
            channel = InterruptSafeChannel.of(channel);
            boolean truncate = writer && (mode & Settings.TRUNC) != 0;
            // Emptying the file discards whatever a power failure may have done to it.
            mark = UnsyncedMark.open(path, writer, truncate || (mode & Settings.ACCEPT_UNSYNCED) != 0);
            if (truncate) {
                if (channel.size() > 0) {
                    mark.beforeChange();
                }
                channel.truncate(0);
                deleteLog();
            }
            readAttributes();
            if (writer && (channel.size() < 1 || (mode & Settings.CREATE_OVER_ZEROS) != 0 && isUncreated(channel))) {
                initialize();
            }
            byte[] head = readHeader();
            if ((head[Header.OFF_FLAGS] & Header.FLAG_OPEN) != 0) {
                if (recover()) {
                    head = readHeader();
                    deleteLog();
                }
            } else if (writer && (mode & Settings.NOLCK) == 0) {
                // A log beside a cleanly closed file is stale (an abort or an interrupted begin left
                // it); TC keeps it, and a later crash would replay it over newer data.
                deleteLog();
            }
            loadHeader(head);
            mapFile();
            if (writer) {
                startWriting();
            }
        } catch (RuntimeException | Error e) {
            abandon();
            throw e;
        } catch (IOException e) {
            abandon();
            throw new TcException(TcError.OPEN, path + ": " + e.getMessage(), e);
        }
    }

    private void openChannel() {
        if (Files.isDirectory(path)) {
            throw new TcException(writer ? TcError.OPEN : TcError.STAT, "not a regular file: " + path);
        }
        EnumSet<StandardOpenOption> opts = EnumSet.of(StandardOpenOption.READ);
        if (writer) {
            opts.add(StandardOpenOption.WRITE);
            if ((omode & Settings.CREAT) != 0) {
                opts.add(StandardOpenOption.CREATE);
            }
        }
        try {
            channel = FileChannel.open(path, opts);
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw new TcException(TcError.NOFILE, path.toString(), e);
        } catch (AccessDeniedException e) {
            throw new TcException(TcError.NOPERM, path.toString(), e);
        } catch (FileSystemException e) {
            // ENOTDIR (a path through a regular file) arrives as a plain FileSystemException.
            boolean notDirectory = "Not a directory".equals(e.getReason());
            throw new TcException(notDirectory ? TcError.NOFILE : TcError.OPEN, path + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TcException(TcError.OPEN, path + ": " + e.getMessage(), e);
        }
    }

    private void lockFile() {
        if ((omode & Settings.NOLCK) != 0) {
            return;
        }
        FileLock lock;
        try {
            lock = InterruptSafeChannel.tryLock(channel, !writer);
            if (lock == null && (omode & Settings.LCKNB) == 0) {
                // The one wait an interrupt may end (which closes the channel; the open then fails).
                lock = channel.lock(0, Long.MAX_VALUE, !writer);
            }
        } catch (FileLockInterruptionException | ClosedByInterruptException e) {
            throw new TcException(TcError.LOCK, "interrupted while waiting for the lock of " + path, e);
        } catch (IOException | OverlappingFileLockException e) {
            throw new TcException(TcError.LOCK, path.toString(), e);
        }
        if (lock == null) {
            throw new TcException(TcError.LOCK, "locked by another process: " + path);
        }
    }

    private void readAttributes() throws IOException {
        Map<String, Object> a = Files.readAttributes(path, "unix:ino,lastModifiedTime,isRegularFile");
        if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
            throw new TcException(TcError.STAT, "not a regular file: " + path);
        }
        inode = ((Number) a.get("ino")).longValue();
        mtime = (FileTime) a.get("lastModifiedTime");
    }

    /**
     * Writes the zeroed bucket array and pool region of a new file, then its header, flushing
     * each, so that a new file needs no {@link UnsyncedMark} after its creation, and a creation
     * cut short by a kill or a power failure leaves a file of zeros, which a writer opening with
     * {@link Settings#CREATE_OVER_ZEROS} creates again (Tokyo Cabinet writes the header first:
     * cut short, its file has a header whose sizes the file does not have, and no open succeeds
     * on it). So the creation itself needs no mark either: the file was empty or all zeros (a
     * truncation of a database, marked by the open, comes first), and every state a power failure
     * can leave is one of zeros or the new file.
     */
    private void initialize() throws IOException {
        Tuning s = settings.tuning().normalized();
        Header h = Header.create(s.bnum(), s.apow(), s.fpow(), s.opts());
        ByteOrder o = s.order() != null ? s.order() : ByteOrder.BIG_ENDIAN;
        ByteBuffer head = ByteBuffer.allocate(Header.SIZE).order(o);
        h.dumpMeta(head, 0);
        // A creation cut short may have left zeros of another tuning's length.
        channel.truncate(0);
        // TC writes the zeros out; extending the file gives the same bytes, sparsely.
        writeFully(channel, ByteBuffer.allocate(1), h.frec - 1);
        IoSeam.beforeSync(false);
        channel.force(true);
        // One write within a page: a kill leaves all of it or none of it.
        writeFully(channel, head.clear(), 0);
        IoSeam.beforeSync(false);
        channel.force(true);
        mark.synced();
    }

    /**
     * Whether the file holds nothing but zero bytes (or nothing): one no writer has initialized,
     * or whose creation ({@link #initialize}) was cut short. Reads until the first non-zero byte,
     * in 8 KiB steps: one read for any initialized file, whose header starts with the magic.
     */
    static boolean isUncreated(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 << 10);
        long pos = 0;
        while (true) {
            b.clear();
            int n = ch.read(b, pos);
            if (n < 0) {
                return true;
            }
            for (int i = 0; i < n; i++) {
                if (b.get(i) != 0) {
                    return false;
                }
            }
            pos += n;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    private byte[] readHeader() throws IOException {
        if (channel.size() < Header.SIZE) {
            throw new TcException(TcError.READ, "shorter than a header (" + channel.size() + " bytes): " + path);
        }
        ByteBuffer b = ByteBuffer.allocate(Header.SIZE);
        while (b.hasRemaining()) {
            if (channel.read(b, b.position()) < 0) {
                throw new TcException(TcError.READ, "header truncated: " + path);
            }
        }
        return b.array();
    }

    /** Rolls back an interrupted transaction left in the write-ahead log. */
    private boolean recover() throws IOException {
        FileChannel target = channel;
        if (!writer) {
            if (!Files.exists(WriteAheadLog.pathFor(path))) {
                return false;
            }
            try {
                recoveryChannel = InterruptSafeChannel.openFile(path, StandardOpenOption.WRITE);
            } catch (AccessDeniedException e) {
                throw new TcException(TcError.NOPERM, "cannot roll back the write-ahead log of " + path, e);
            }
            target = recoveryChannel;
        }
        boolean done = WriteAheadLog.restore(path, target, syncsTransactions());
        if (done) {
            System.getLogger(Engine.class.getName()).log(
                    System.Logger.Level.INFO, "rolled back an interrupted transaction of {0}", path);
        }
        return done;
    }

    private void deleteLog() {
        try {
            WriteAheadLog.delete(path);
        } catch (IOException e) {
            throw new TcException(TcError.UNLINK, WriteAheadLog.pathFor(path).toString(), e);
        }
    }

    private void loadHeader(byte[] head) throws IOException {
        long physical = channel.size();
        if (!Header.hasMagic(head)) {
            throw new TcException(TcError.META, "not a Tokyo Cabinet file: " + path);
        }
        ByteOrder o = Header.detectOrder(head, physical);
        if (o == null) {
            throw new TcException(TcError.META, "inconsistent header (type, tuning or sizes): " + path);
        }
        if (settings.requiredOrder() != null && o != settings.requiredOrder()) {
            throw new TcException(TcError.META, "a " + o + " file, but only " + settings.requiredOrder()
                    + " files are accepted: " + path);
        }
        order = o;
        meta = Header.decode(head, o);
        apow = meta.apow;
        align = 1 << apow;
        width = meta.width();
        msiz = meta.msiz();
        runit = Math.min(Math.max(align, MIN_READ_UNIT), MAX_READ_UNIT);
        codec = ValueCodecs.forOptions(meta.opts, order, settings.excodec());
    }

    private void mapFile() {
        long capacity = settings.memoryMapped() ? Math.max(settings.xmsiz(), msiz) : 0;
        if (!writer) {
            capacity = Math.min(capacity, meta.fsiz);
        }
        try {
            file = new DataFile(channel, order, writer, capacity, settings.tailWindow(), mark);
        } catch (IOException e) {
            throw new TcException(TcError.MMAP, path + ": " + e.getMessage(), e);
        }
        writeBlock = new Block(runit, order);
        scanBlock = new Block(runit, order);
        readBlocks = ThreadLocal.withInitial(() -> new Block(runit, order));
        cursors.reset(meta.frec);
        generation++;
        journal.end();
        reserved = 0;
        fatal = false;
        faulted = false;
        ioFailed = false;
        leftOpen = false;
    }

    /** A writer loads the pool only after a clean close, then marks the file open. */
    private void startWriting() throws IOException {
        // Marking the file open and emptying its pool region are undone harmlessly by a power failure.
        mark.cover();
        pool = new FreeBlockPool(meta.fpow);
        if ((meta.flags & Header.FLAG_OPEN) == 0) {
            pool.load(file, msiz, meta.frec - msiz, apow);
            if (pool.retainWithin(meta.frec, meta.fsiz)) {
                System.getLogger(Engine.class.getName()).log(
                        System.Logger.Level.WARNING, "ignored damaged free block pool entries in {0}", path);
            }
        }
        file.write(msiz, new byte[2], 0, 2);
        leftOpen = (meta.flags & Header.FLAG_OPEN) != 0;
        setFlag(Header.FLAG_OPEN, true);
        mark.uncover();
    }

    /** Releases whatever an interrupted open acquired. */
    private void abandon() {
        try {
            if (file != null) {
                file.close();
            } else if (channel != null) {
                channel.close();
            }
            if (recoveryChannel != null) {
                recoveryChannel.close();
            }
        } catch (IOException e) {
            System.getLogger(Engine.class.getName()).log(System.Logger.Level.WARNING, "closing after a failed open", e);
        }
        file = null;
        channel = null;
        recoveryChannel = null;
    }

    /** Whether another process cut the file below the map, so that an access there faults. */
    boolean mapOutlivesFile() {
        DataFile f = file;
        return f != null && f.mappedPastEnd();
    }

    /**
     * Releases the file (its descriptor, and with it the lock, and its registration) without
     * writing and without unmapping: for a close that cannot wait for the operations in flight on
     * a file cut under its map. The map goes when the garbage collector finds no thread holding
     * this engine, so no thread still inside an access can meet a region unmapped under it. The
     * log, if any, stays for the next open, as a fatal handle's does.
     */
    void releaseKeepingMap() {
        faulted = true;
        // The fields stay: a thread still inside a call then fails on a closed channel (or reads
        // the map it holds), never on a missing file.
        try {
            // The database's descriptor first: closing it releases the lock whatever fails later.
            channel.close();
            if (recoveryChannel != null) {
                recoveryChannel.close();
            }
            journal.close(true);
        } catch (IOException e) {
            System.getLogger(Engine.class.getName()).log(
                    System.Logger.Level.WARNING, "releasing a file cut under its map", e);
        } finally {
            unregister();
        }
    }

    /**
     * TC's close: a writer saves the pool (an empty one inside a transaction), clears the OPEN
     * flag, dumps the header, truncates the file to its logical size, rolls back an unfinished
     * transaction and removes the log. Always releases the file; reports the first failure. A handle
     * whose map faulted, or whose file another process has cut, writes nothing and only releases.
     */
    void closeFile() {
        closeFile(false);
    }

    /**
     * Closes as {@link #closeFile()} does; with {@code flush}, a writer that closed cleanly then
     * flushes the file to the device and removes its {@link UnsyncedMark}: a file built from scratch
     * is complete on the device before anyone renames it into place.
     */
    void closeFile(boolean flush) {
        if (file == null) {
            // A reopen failed and released everything (see reopen): nothing is left to close.
            return;
        }
        TcException failure = null;
        RuntimeException defect = null;
        try {
            // A fault can reach the caller after its call returned, leaving the handle unaware of the
            // cut; writing the pool and header into a cut map would fault again (HotSpot has then
            // thrown odd errors from inside the JDK's copy loop) or, without a map, re-extend the file.
            if (writer && !faulted && cutByAnother()) {
                failure = accessFailure(null);
            }
            if (writer && !faulted) {
                // A clean file's pool and header are written as they were at open: no mark needed.
                mark.cover();
                if (journal.active() || ioFailed) {
                    pool.clear();
                }
                savePool();
                if (!ioFailed) {
                    setFlag(Header.FLAG_OPEN, false);
                }
                dumpMeta();
            }
        } catch (TcException e) {
            failure = e;
        } catch (RuntimeException e) {
            // The file is released below either way, before this is reported.
            if (cutByAnother()) {
                failure = accessFailure(e);
            } else {
                defect = e;
            }
        } catch (InternalError e) {
            failure = accessFailure(e);
        }
        try {
            file.unmapAll();
            if (writer && !faulted) {
                if (channel.size() < meta.fsiz) {
                    // Cutting back to the logical size would re-extend a file someone else shrank.
                    failure = failure != null ? failure : accessFailure(null);
                } else {
                    IoSeam.beforeTruncate(false, meta.fsiz);
                    channel.truncate(meta.fsiz);
                }
            }
            if (journal.active() && !faulted) {
                WriteAheadLog.restore(path, channel, syncsTransactions());
                journal.end();
            }
            if (flush && writer && !faulted && failure == null) {
                IoSeam.beforeSync(false);
                try {
                    channel.force(true);
                    mark.synced();
                } catch (IOException x) {
                    failure = fail(TcError.SYNC, x);
                } catch (TcException x) {
                    failure = x;
                }
            }
            journal.close(fatal);
        } catch (IOException e) {
            failure = failure != null ? failure : fail(TcError.CLOSE, e);
        } catch (InternalError e) {
            failure = failure != null ? failure : accessFailure(e);
        } finally {
            abandon();
        }
        if (failure != null) {
            throw failure;
        }
        if (defect != null) {
            throw defect;
        }
    }

    /**
     * Whether the file is now shorter than its logical size, less the space reserved for pending
     * asynchronous records: another process cut it under this handle (its own writes never leave
     * it so). False when that cannot be told.
     */
    boolean cutByAnother() {
        try {
            return channel != null && meta != null && channel.size() < meta.fsiz - reserved;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Whether {@code x} is the JVM's report of a faulting access through a memory map. */
    static boolean isMapFault(Throwable x) {
        return x instanceof InternalError && x.getMessage() != null
                && x.getMessage().contains("unsafe memory access");
    }

    /**
     * The error for an access through the map that faulted, for a read without a map that ended
     * early ({@code cause}), or for a file found shorter than its logical size ({@code cause}
     * null). Each means another process cut the file under this handle. The JVM raises the fault
     * as an InternalError at the faulting access or a little after it, and a load that faulted
     * yields garbage; so the handle turns fatal, stops writing, and every later operation may fail
     * too, but it can always be closed.
     */
    TcException accessFailure(Throwable cause) {
        faulted = true;
        fatal = true;
        TcException l = lost;
        if (l != null) {
            return new TcException(l.error(), path + ": the handle lost its file earlier and can only be closed",
                    cause != null ? cause : l);
        }
        String physical;
        try {
            physical = channel != null ? channel.size() + " bytes" : "closed";
        } catch (IOException | RuntimeException e) {
            physical = "of unknown size";
        }
        return new TcException(TcError.MMAP, path + ": the file is now " + physical + ", shorter than its logical size "
                + (meta != null ? meta.fsiz : 0) + " (cut by another process?)", cause);
    }

    /** Releases the file and its registration without writing anything: an open that failed after {@link #open}. */
    void discard() {
        abandon();
        unregister();
    }

    /** Releases the process-wide registration; the last step of closing a handle. */
    void unregister() {
        OpenRegistry.release(canonical);
    }

    // ---------------------------------------------------------------- what the handle is

    /** Whether this handle writes (else it reads only, under a shared lock). */
    boolean isWriter() {
        return writer;
    }

    /** Whether the handle had an error that TC counts as fatal (see {@link TcError#isFatal()}). */
    boolean isFatal() {
        return fatal;
    }

    /** Whether another process cut the file under this handle, which then only closes. */
    boolean isFaulted() {
        return faulted;
    }

    /** Whether this open found the file left open by a writer that died, so {@link CrashRepair} is due. */
    boolean leftOpenByDeadWriter() {
        return leftOpen;
    }

    /** Whether transaction boundaries flush the log and the file to the device (TC's TSYNC). */
    boolean syncsTransactions() {
        return (omode & Settings.TSYNC) != 0;
    }

    /** Whether the file is reached through a memory map (else through positional I/O only). */
    boolean memoryMapped() {
        return settings.memoryMapped();
    }

    long tailWindow() {
        return settings.tailWindow();
    }

    /** The codec the application gave for an EXCODEC file, or null. */
    ValueCodec externalCodec() {
        return settings.excodec();
    }

    /** The header as this handle has it; the engine alone changes it, through the methods below. */
    Header header() {
        return meta;
    }

    DataFile file() {
        return file;
    }

    ByteOrder order() {
        return order;
    }

    int align() {
        return align;
    }

    int apow() {
        return apow;
    }

    /** Bytes per bucket entry and child link: 4, or 8 with the LARGE option. */
    int width() {
        return width;
    }

    /** TC's read unit: how many bytes are read at once to parse a block. */
    int readUnit() {
        return runit;
    }

    /** The offset of the free block pool region (TC's {@code msiz}): the end of the bucket array. */
    long poolRegion() {
        return msiz;
    }

    /** The codec of a compressed file's values, or null for values stored as they are. */
    ValueCodec codec() {
        return codec;
    }

    /** The writer's free block pool; null for a reader. */
    FreeBlockPool pool() {
        return pool;
    }

    Cursors cursors() {
        return cursors;
    }

    /** Changes with every rebuild or rollback of the file, after which iterators are stale. */
    int generation() {
        return generation;
    }

    long inode() {
        return inode;
    }

    FileTime mtime() {
        return mtime;
    }

    /** The writer's scratch block for the record an operation works on. */
    Block writerBlock() {
        return writeBlock;
    }

    /** The writer's second scratch block, for walks that run while {@link #writerBlock()} holds a record. */
    Block scanBlock() {
        return scanBlock;
    }

    // ---------------------------------------------------------------- reopening

    /** Closes and opens the file again in the mode it had (without CREAT and TRUNC): after a rebuild. */
    void reopen() {
        reopen(omode & ~Settings.CREAT & ~Settings.TRUNC);
    }

    /** Closes the file and re-creates it empty with the tuning and byte order it had (TC's vanish). */
    void recreateEmpty() {
        settings = settings.withTuning(new Tuning(meta.bnum, meta.apow, meta.fpow, meta.opts, order));
        reopen(omode | Settings.TRUNC);
    }

    /**
     * Closes the file and opens it again with {@code mode}. Either step releases all it holds when
     * it fails, so a failure leaves no file at all: the handle has lost it.
     */
    private void reopen(int mode) {
        try {
            closeFile();
            openFile(mode);
        } catch (RuntimeException e) {
            TcError code = e instanceof TcException ? ((TcException) e).error() : TcError.MISC;
            throw lose(code, path + ": could not reopen the file (" + e.getMessage()
                    + "); the handle can only be closed", e);
        } catch (Error e) {
            lose(TcError.MISC, path + ": could not reopen the file (" + e + "); the handle can only be closed", e);
            throw e;
        }
    }

    // ---------------------------------------------------------------- transactions

    /** Whether this open accepted a file changed without a sync when its machine stopped. */
    boolean unsyncedBeforeRestart() {
        return mark.foreign();
    }

    /** Whether a transaction is open. */
    boolean inTransaction() {
        return journal.active();
    }

    /**
     * Opens a transaction: from now on every write logs its region's pre-image first. The log
     * starts with the header as it is in the file, but with the OPEN flag clear, as TC logs it.
     */
    void beginTransaction() {
        if (syncsTransactions()) {
            // A clean file's header is dumped as it is on the device; the log covers what follows.
            mark.cover();
        }
        memsync(false);
        try {
            if (syncsTransactions()) {
                IoSeam.beforeSync(false);
                file.channel().force(true);
                mark.synced();
                mark.cover();
            }
            journal.open(order, syncsTransactions());
        } catch (IOException x) {
            throw fail(TcError.OPEN, x);
        }
        try {
            byte[] header = new byte[Header.SIZE];
            file.read(0, header, 0, Header.SIZE);
            header[Header.OFF_FLAGS] &= (byte) ~Header.FLAG_OPEN;
            journal.begin(meta.fsiz, header);
        } catch (IOException x) {
            throw fail(TcError.WRITE, x);
        }
    }

    /** Dumps the header and empties the log: the transaction's writes stay. */
    void commitTransaction() {
        try {
            memsync(syncsTransactions());
            journal.empty();
            // After a TSYNC commit the file is on the device; a failure leaves the log to undo it.
            mark.uncover();
        } catch (IOException x) {
            throw fail(TcError.TRUNC, x);
        } finally {
            journal.end();
        }
    }

    /**
     * Writes the logged pre-images back, cuts the file to its size at begin and reads the header
     * again; the pool is emptied (its entries may describe the rolled-back state), cursors restart
     * and iterators go stale. The transaction is over even if reading the header back fails; if
     * writing the pre-images back fails it stays open, for close to try again.
     */
    void rollBack() {
        try {
            long size = WriteAheadLog.replay(path, file.channel(), syncsTransactions());
            if (size >= 0) {
                file.truncate(size);
            }
        } catch (IOException x) {
            throw fail(TcError.WRITE, x);
        }
        try {
            ByteBuffer head = ByteBuffer.allocate(Header.SIZE);
            file.read(0, head);
            meta = Header.decode(head.array(), order);
        } catch (IOException x) {
            throw fail(TcError.READ, x);
        } finally {
            cursors.reset(meta.frec);
            generation++;
            pool.clear();
            journal.end();
        }
        try {
            journal.empty();
        } catch (IOException x) {
            throw fail(TcError.TRUNC, x);
        }
        // With TSYNC the pre-images are on the device (the cut to the logged size need not be).
        mark.uncover();
    }

    // ---------------------------------------------------------------- header

    /**
     * Sets the OPEN flag again after a rollback. On a file the rollback left clean (TSYNC) this
     * needs no {@link UnsyncedMark}: if a power failure loses it, the file looks cleanly closed
     * with the pool region this writer emptied at open, which is as good.
     */
    void markOpenAgain() {
        mark.cover();
        setFlag(Header.FLAG_OPEN, true);
        mark.uncover();
    }

    /** Sets or clears a flag in the mapped header, like TC's {@code tchdbsetflag}. */
    void setFlag(int flag, boolean on) {
        meta.setFlag(flag, on);
        try {
            file.putByte(Header.OFF_FLAGS, meta.flags);
        } catch (IOException e) {
            throw fail(TcError.WRITE, e);
        }
    }

    /** Rewrites header bytes 0..127 from the in-memory state (not logged: the log holds the header). */
    void dumpMeta() {
        ByteBuffer b = ByteBuffer.allocate(Header.META_SIZE).order(order);
        meta.dumpMeta(b, 0);
        try {
            file.write(0, b.array(), 0, Header.META_SIZE);
        } catch (IOException e) {
            throw fail(TcError.WRITE, e);
        }
    }

    /** A record was added to the trees: the header's count follows at once. */
    void recordAdded() {
        meta.setRecordCount(meta.rnum + 1);
        patchRecordCount();
    }

    /** A record was removed from the trees: the header's count follows at once. */
    void recordRemoved() {
        meta.setRecordCount(meta.rnum - 1);
        patchRecordCount();
    }

    /** Sets the header's record count to the records the trees were found to hold. */
    void recordCountIs(long rnum) {
        meta.setRecordCount(rnum);
        patchRecordCount();
    }

    /**
     * Makes the file {@code bytes} longer at its end, where a record was just written, and
     * patches the header.
     */
    void extend(long bytes) {
        meta.setFileSize(meta.fsiz + bytes);
        patchFileSize();
    }

    /** Sets the header's logical file size (a defragmentation cut off free space, or undid a copy). */
    void fileSizeIs(long fsiz) {
        meta.setFileSize(fsiz);
        patchFileSize();
    }

    /**
     * Takes the next {@code bytes} at the file's end for a record whose bytes are still in memory
     * ({@link DelayedRecords}): the header in memory counts it at once, the file's header only at
     * {@link #pendingRecordsLinked()}. Returns where the record goes.
     */
    long reservePending(long bytes) {
        long at = meta.fsiz;
        reserved += bytes;
        meta.setFileSize(at + bytes);
        meta.setRecordCount(meta.rnum + 1);
        return at;
    }

    /** The pending records' bytes are in the file: its header's size follows. */
    void pendingRecordsWritten() {
        reserved = 0;
        patchFileSize();
    }

    /** The pending records are in the file and linked: its header's count and size follow. */
    void pendingRecordsLinked() {
        patchRecordCount();
        patchFileSize();
    }

    private void patchRecordCount() {
        try {
            file.putLong(Header.OFF_RNUM, meta.rnum);
        } catch (IOException e) {
            throw fail(TcError.WRITE, e);
        }
    }

    private void patchFileSize() {
        try {
            file.putLong(Header.OFF_FSIZ, meta.fsiz);
        } catch (IOException e) {
            throw fail(TcError.WRITE, e);
        }
    }

    /** Writes the pool into its region at msiz. */
    void savePool() {
        byte[] bytes = pool.save(meta.frec - msiz, apow, cursors);
        write(msiz, bytes, 0, bytes.length);
    }

    /** Dumps the header; with {@code physical}, also flushes the map and the file to the device. */
    void memsync(boolean physical) {
        dumpMeta();
        if (physical) {
            try {
                file.force();
            } catch (IOException e) {
                throw fail(TcError.SYNC, e);
            }
            mark.synced();
        }
    }

    // ---------------------------------------------------------------- positional I/O

    /** Reads from the file; a read past the end is a corrupt structure (TC's read error). */
    void read(long off, byte[] dst, int dstOff, int len) {
        try {
            file.read(off, dst, dstOff, len);
        } catch (IOException e) {
            throw fail(TcError.READ, e);
        }
    }

    /** Writes to the file, logging the pre-image first inside a transaction. */
    void write(long off, byte[] src, int srcOff, int len) {
        try {
            journal.log(off, len, file);
            file.write(off, src, srcOff, len);
        } catch (IOException e) {
            throw fail(TcError.WRITE, e);
        }
    }

    /**
     * Writes the block image {@code rec[0, len)} at {@code off}. One write-ahead log entry for the
     * whole image, as TC's.
     *
     * <p>Over a free block ({@code overFreeBlock}), possibly the first of several that the slot
     * joins, the image goes in three steps that keep the walk of the record section sound if the
     * process is killed in between, or during one of them: that block's size is set to the slot's,
     * which hides the others' headers; then all of the image but its first 8 bytes; then those 8 as
     * one store, which turns the free block into the record. The walk reads only a block's magic
     * and sizes, and a free block's header is 5 bytes; one copy from the front (or, as the JVM may
     * copy, from the back) could leave the new magic over stale sizes.
     *
     * <p>At the end of the file ({@code off} at {@code fsiz}, the header's size grown only after
     * the write) no walk reads the block yet: one copy, one {@code pwrite} beyond the map. Over the
     * record itself (rewritten in place, possibly grown over the free blocks behind it) it is one
     * copy too, as TC's: a kill inside it can tear the record (see the README's limits).
     */
    void writeBlockImage(long off, ByteBuffer rec, int len, boolean overFreeBlock) {
        try {
            journal.log(off, len, file);
            if (overFreeBlock && len > 8 && off < meta.fsiz) {
                file.putIntWhole(off + 1, len);
                file.write(off + 8, rec.array(), 8, len - 8);
                file.putLong(off, rec.getLong(0));
            } else {
                file.write(off, rec.array(), 0, len);
            }
        } catch (IOException e) {
            throw fail(TcError.WRITE, e);
        }
    }

    /** Logs the pre-image of a region that is about to change other than through {@link #write}. */
    void logRegion(long off, long size) {
        try {
            journal.log(off, size, file);
        } catch (IOException e) {
            throw fail(TcError.WRITE, e);
        }
    }

    /** Cuts (or extends) the file to {@code size} bytes while it is open. */
    void truncate(long size) {
        try {
            file.truncate(size);
        } catch (IOException e) {
            throw fail(TcError.TRUNC, e);
        }
    }

    /** The position of bucket {@code idx}'s entry, which links to the root of its tree like a child link. */
    long bucketLink(long idx) {
        return Header.SIZE + idx * width;
    }

    /** The offset of the root record of a bucket, 0 for an empty bucket. */
    long bucket(long idx) {
        return link(bucketLink(idx));
    }

    /** The offset the link (or bucket entry) at {@code pos} points at; 0 for none. */
    long link(long pos) {
        try {
            long unit = width == 8 ? file.getLong(pos) : Integer.toUnsignedLong(file.getInt(pos));
            return unit << apow;
        } catch (IOException e) {
            throw fail(TcError.READ, e);
        }
    }

    /** Points the child link or bucket entry at {@code pos} to the block at {@code off} (0: to nothing). */
    void setLink(long pos, long off) {
        try {
            journal.log(pos, width, file);
            if (width == 8) {
                file.putLong(pos, off >>> apow);
            } else {
                file.putIntWhole(pos, (int) (off >>> apow));
            }
        } catch (IOException e) {
            throw fail(TcError.WRITE, e);
        }
    }

    /**
     * Marks {@code [off, off+size)} free: only the magic and size are written, the rest stays.
     *
     * <p>The size goes first and the magic last, each as one store ({@link DataFile#putIntWhole}
     * where the block is 8-aligned, as at the default alignment): a process killed between them
     * leaves a free block with its true size, or the block as it was (a record, whose hash byte
     * and link bytes now hold the size, which no walk reads, see {@link CrashRepair}); written as
     * one five-byte copy, which the JVM makes byte by byte, a kill after the magic left a free block
     * whose size was the record's link bytes, and the walk of the record section went astray. The
     * write-ahead log still gets one entry for the five bytes, as TC's.
     */
    void writeFreeBlock(long off, long size) {
        try {
            journal.log(off, Block.MIN_SIZE, file);
            file.putIntWhole(off + 1, (int) size);
            file.putByte(off, Block.MAGIC_FREE);
        } catch (IOException e) {
            throw fail(TcError.WRITE, e);
        }
    }

    /** The link offset of a record's left child. */
    static long leftLink(long recordOff) {
        return recordOff + 2;
    }

    /** The link offset of a record's right child. */
    long rightLink(long recordOff) {
        return recordOff + 2 + width;
    }

    /** A scratch array of at least {@code n} bytes for assembling a record, and its view in file order. */
    ByteBuffer recordBuffer(int n) {
        if (recordBuffer.length < n) {
            recordBuffer = new byte[Math.max(n, recordBuffer.length * 2)];
            recordView = ByteBuffer.wrap(recordBuffer).order(order);
        } else if (recordView.order() != order) {
            recordView.order(order);
        }
        return recordView;
    }

    /** Drops a large assembly buffer after use, so one huge record does not pin its memory. */
    void trimRecordBuffer() {
        if (recordBuffer.length > (1 << 20)) {
            recordBuffer = new byte[8192];
            recordView = ByteBuffer.wrap(recordBuffer).order(order);
        }
    }

    // ---------------------------------------------------------------- blocks

    /** The calling thread's scratch block for read-only operations. */
    Block readerBlock() {
        return readBlocks.get();
    }

    /**
     * Reads and parses the block at {@code off} into {@code b}, from the map without copying when
     * the read unit is mapped, else through a positional read, as TC's {@code tchdbreadrec} does.
     *
     * @throws TcException with {@link TcError#RHEAD} if the offset or the bytes are not a valid block
     */
    void readBlock(long off, Block b) {
        String problem = loadBlock(off, b);
        if (problem != null) {
            throw fail(TcError.RHEAD, problem);
        }
    }

    /** Like {@link #readBlock}, but a bad block does not mark the handle or the file fatal: for checks. */
    void readBlockQuietly(long off, Block b) {
        String problem = loadBlock(off, b);
        if (problem != null) {
            throw new TcException(TcError.RHEAD, problem);
        }
    }

    /** Reads and parses the block at {@code off}; returns why it is not a valid block, or null. */
    private String loadBlock(long off, Block b) {
        long fsiz = meta.fsiz;
        if (off < meta.frec || off >= fsiz) {
            return "offset " + off + " is outside the record section [" + meta.frec + ", " + fsiz + ")";
        }
        long end = off + runit;
        if (end <= fsiz && file.inMap(off, runit)) {
            b.viewAt(off, file.chunk(off), file.index(off), runit);
        } else {
            int n = (int) Math.min(runit, fsiz - off);
            if (n < Block.MIN_SIZE) {
                return "block at offset " + off + " is cut by the end of the file";
            }
            ByteBuffer s = b.scratch;
            s.clear().limit(n);
            try {
                file.read(off, s);
            } catch (IOException e) {
                throw fail(TcError.READ, e);
            }
            b.viewAt(off, s, 0, n);
        }
        return b.parse(width, apow, fsiz);
    }

    /** Reads a block that must be a record, as every node of a bucket tree is. */
    void readRecord(long off, Block b) {
        readBlock(off, b);
        if (!b.isRecord()) {
            throw fail(TcError.RHEAD, "a tree link points at a free block at offset " + off);
        }
    }

    /** A record's key, copied. */
    byte[] key(Block b) {
        byte[] k = new byte[b.ksiz];
        if (b.keyInBuffer()) {
            b.buf.get(b.base + b.hsiz, k);
        } else {
            read(b.keyOffset(), k, 0, b.ksiz);
        }
        return k;
    }

    /** A record's value as stored (still encoded, for compressed files), copied. */
    byte[] storedValue(Block b) {
        byte[] v = new byte[b.vsiz];
        if (b.valueInBuffer()) {
            b.buf.get(b.base + b.hsiz + b.ksiz, v);
        } else {
            read(b.valueOffset(), v, 0, b.vsiz);
        }
        return v;
    }

    /**
     * Copies a record's value as the application sees it to {@code into} at its position, if it
     * fits in the remaining space, advancing the position; returns its size either way. Without a
     * codec nothing is allocated.
     */
    int valueInto(Block b, ByteBuffer into) {
        if (codec != null) {
            byte[] v = value(b);
            if (v.length <= into.remaining()) {
                into.put(v);
            }
            return v.length;
        }
        int size = b.vsiz;
        if (size > into.remaining()) {
            return size;
        }
        int at = into.position();
        if (b.valueInBuffer()) {
            into.put(at, b.buf, b.base + b.hsiz + b.ksiz, size);
            into.position(at + size);
        } else {
            int limit = into.limit();
            into.limit(at + size);
            try {
                file.read(b.valueOffset(), into);
            } catch (IOException x) {
                throw fail(TcError.READ, x);
            } finally {
                into.limit(limit);
            }
        }
        return size;
    }

    /** A record's value as the application sees it (decoded for compressed files). */
    byte[] value(Block b) {
        byte[] stored = storedValue(b);
        return codec == null ? stored : codec.decode(stored, 0, stored.length);
    }

    /**
     * Compares a search key with a record's key in TC's tree order: a longer key is greater, keys
     * of equal length compare as unsigned bytes.
     */
    int compareKey(byte[] key, Block b) {
        if (key.length != b.ksiz) {
            return key.length > b.ksiz ? 1 : -1;
        }
        if (b.keyInBuffer()) {
            ByteBuffer buf = b.buf;
            int p = b.base + b.hsiz;
            for (int i = 0; i < key.length; i++) {
                int d = (key[i] & 0xFF) - (buf.get(p + i) & 0xFF);
                if (d != 0) {
                    return d;
                }
            }
            return 0;
        }
        byte[] k = b.keyBuffer(b.ksiz);
        read(b.keyOffset(), k, 0, b.ksiz);
        return java.util.Arrays.compareUnsigned(key, 0, key.length, k, 0, b.ksiz);
    }

    /** Records a walk's visit to {@code off}; a walk that came back to a node it passed is a fatal RHEAD. */
    void visit(LoopGuard guard, long off) {
        if (!guard.visit(off)) {
            throw fail(TcError.RHEAD, "the links at offset " + off + " form a loop");
        }
    }

    // ---------------------------------------------------------------- errors

    /**
     * Applies TC's error rule and returns the exception to throw: any error but the benign ones
     * marks the handle fatal and, for a writer, sets the FATAL flag in the file.
     */
    TcException fail(TcError error, String detail) {
        markFatal(error);
        return new TcException(error, detail);
    }

    TcException fail(TcError error, IOException cause) {
        if (cause instanceof DataFile.ShortFileException && file != null && file.unmapped()) {
            // Without a map, this is how a file cut by another process shows; it means what a
            // fault means with one.
            return accessFailure(cause);
        }
        if (cause instanceof ClosedChannelException) {
            return lose(error, path + ": the file was closed under this handle (the JVM closes a file channel when"
                    + " a thread is interrupted during its I/O, which also releases the lock); the handle writes nothing"
                    + " more and can only be closed", cause);
        }
        if (writer && (error == TcError.WRITE || error == TcError.TRUNC || error == TcError.SYNC)) {
            ioFailed = true;
            if (pool != null) {
                pool.clear();
            }
        }
        markFatal(error);
        return new TcException(error, path + ": " + cause.getMessage(), cause);
    }

    /**
     * The error for a call after which the handle no longer holds its file: a channel found closed
     * (nothing in the engine closes it while the handle is open, but the JVM does when a thread is
     * interrupted inside one of its system calls where {@link InterruptSafeChannel} could not make
     * it immune; closing the descriptor released the lock, so another process may now open the
     * file as a writer), or a reopen that failed. The handle turns fatal and faulted: it writes
     * nothing more, not even through its map, every later call fails, and {@link #closeFile} only
     * releases what is left.
     */
    private TcException lose(TcError error, String detail, Throwable cause) {
        TcException x = new TcException(error, detail, cause);
        if (lost == null) {
            lost = x;
        }
        faulted = true;
        fatal = true;
        return x;
    }

    /**
     * Forgets the fatal state that errors since it was {@code wasFatal} with header flags
     * {@code flagsBefore} left: for {@link CrashRepair}, whose damage findings do not count.
     */
    void forgiveErrorsSince(boolean wasFatal, int flagsBefore) {
        fatal = wasFatal;
        if ((flagsBefore & Header.FLAG_FATAL) == 0 && (meta.flags & Header.FLAG_FATAL) != 0) {
            setFlag(Header.FLAG_FATAL, false);
        }
    }

    private void markFatal(TcError error) {
        if (!error.isFatal()) {
            return;
        }
        fatal = true;
        if (writer && file != null && !faulted) {
            meta.setFlag(Header.FLAG_FATAL, true);
            try {
                file.putByte(Header.OFF_FLAGS, meta.flags);
            } catch (IOException | RuntimeException e) {
                System.getLogger(Engine.class.getName()).log(
                        System.Logger.Level.WARNING, "could not set the FATAL flag of " + path, e);
            }
        }
    }

    /** Refuses a write operation on a reader handle (TC's invalid operation). */
    void requireWriter() {
        if (!writer) {
            throw new TcException(TcError.INVALID, "the database is open read-only");
        }
    }
}
