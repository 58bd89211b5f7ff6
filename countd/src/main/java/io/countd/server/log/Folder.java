package io.countd.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This process's view of one {@code logs} folder: the one channel on its {@code holders} file and
 * the slots this process holds. fcntl locks belong to the process, not to a channel or thread, and
 * closing any channel on a file drops all of the process's locks on it; so there is exactly one
 * {@code Folder} per folder per process, found by the folder's real path, and its channel stays
 * open while any slot is held.
 *
 * <p><b>Threads:</b> thread-safe.
 */
final class Folder {
    private static final System.Logger LOG = System.getLogger(Folder.class.getName());
    /** Guards {@link #OPEN} and every folder's {@link #users}. Taken before a folder's monitor. */
    private static final Object REGISTRY = new Object();
    private static final Map<Path, Folder> OPEN = new HashMap<>();

    final Path logs;
    final PoolSignal signal = new PoolSignal();
    /** Prefix of the temporary files this process creates here; no dead process can share it. */
    final String tempPrefix;
    private final FileChannel holders;
    /** Guarded by this. */
    private final Map<Integer, FileLock> held = new HashMap<>();
    /** Guarded by {@link #REGISTRY}. */
    private int users;
    private boolean retired;

    private Folder(Path logs, FileChannel holders) {
        this.logs = logs;
        this.holders = holders;
        this.tempPrefix = ".new-" + ProcessHandle.current().pid() + "-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    }

    /** The folder's shared state, opened on first use; {@link #release()} once per call. */
    static Folder acquire(Path logs) throws IOException {
        Path real = logs.toRealPath();
        synchronized (REGISTRY) {
            Folder f = OPEN.get(real);
            if (f == null) {
                f = new Folder(real, openHolders(real.resolve("holders")));
                OPEN.put(real, f);
            }
            f.users++;
            return f;
        }
    }

    private static FileChannel openHolders(Path file) throws IOException {
        try {
            return FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
    }

    /** Ends one {@link #acquire}; the channel closes once no user is left and nothing is held. */
    void release() {
        synchronized (REGISTRY) {
            users--;
            retireIfUnused();
        }
    }

    private void retireIfUnused() {
        synchronized (REGISTRY) {
            synchronized (this) {
                if (users > 0 || !held.isEmpty() || retired) {
                    return;
                }
                retired = true;
                OPEN.remove(logs);
                try {
                    holders.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing " + logs.resolve("holders"), e);
                }
            }
        }
    }

    Path slotPath(int slot) {
        return logs.resolve(LogFormat.slotName(slot));
    }

    Path linkPath(int slot) {
        return logs.resolve("lock-" + LogFormat.slotName(slot));
    }

    /**
     * Takes slot {@code slot} if no live holder has it: the byte-range lock first, then the lock
     * link. A link already present while the byte is free was left by a dead holder and is adopted.
     *
     * @return the hold, or null when a live holder (in this or another process) has the slot
     */
    synchronized Hold tryHold(int slot) throws IOException {
        if (held.containsKey(slot)) {
            return null;
        }
        FileLock lock;
        try {
            lock = holders.tryLock(slot, 1, false);
        } catch (OverlappingFileLockException e) {
            return null;
        }
        if (lock == null) {
            return null;
        }
        try {
            Files.createLink(linkPath(slot), slotPath(slot));
        } catch (FileAlreadyExistsException e) {
            LOG.log(System.Logger.Level.INFO, "{0}: its holder died; taking the lock over",
                    linkPath(slot).getFileName());
        } catch (IOException e) {
            lock.release();
            if (e instanceof NoSuchFileException) {
                return null;
            }
            throw e;
        }
        held.put(slot, lock);
        return new Hold(this, slot);
    }

    /** Drops this process's byte-range lock on {@code slot}: the last step of giving a log up. */
    void drop(int slot) throws IOException {
        boolean none;
        synchronized (this) {
            FileLock lock = held.remove(slot);
            if (lock == null) {
                return;
            }
            try {
                lock.release();
            } finally {
                none = held.isEmpty();
            }
        }
        if (none) {
            retireIfUnused();
        }
    }

    synchronized boolean heldHere(int slot) {
        return held.containsKey(slot);
    }

    /** Whether a live process (this one included) holds {@code slot}'s byte-range lock. */
    synchronized boolean isLive(int slot) throws IOException {
        if (held.containsKey(slot)) {
            return true;
        }
        try (FileLock probe = holders.tryLock(slot, 1, false)) {
            return probe == null;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }
}
