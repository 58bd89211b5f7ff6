package io.countd.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates preallocated logs. A new log is filled with zeros under a hidden temporary name, made
 * durable with mode 0400, and only then linked to its slot name, so a slot name always stands
 * for a complete file. The creator holds a lock on the temporary file while it works, which tells
 * a later {@link #removeStaleTemps} whether the creator is still alive.
 */
final class LogCreator {
    private static final System.Logger LOG = System.getLogger(LogCreator.class.getName());
    private static final String TEMP_START = ".new-";
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20).asReadOnlyBuffer();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private LogCreator() {
    }

    /**
     * Creates one log of {@code bytes} bytes in the lowest free slot among {@code candidates}.
     *
     * @return the new slot, or -1 when other processes took every candidate first
     */
    static int create(Folder folder, List<Integer> candidates, long bytes) throws IOException {
        if (candidates.isEmpty()) {
            return -1;
        }
        Path temp = folder.logs.resolve(folder.tempPrefix + SEQUENCE.incrementAndGet());
        try (FileChannel ch = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.lock(); // released when the channel closes
            for (long at = 0; at < bytes; ) {
                ByteBuffer z = ZEROS.duplicate().limit((int) Math.min(ZEROS.capacity(), bytes - at));
                at += ch.write(z, at);
            }
            LogMode.EMPTY.apply(temp);
            ch.force(true);
            for (int slot : candidates) {
                try {
                    Files.createLink(folder.slotPath(slot), temp);
                } catch (FileAlreadyExistsException e) {
                    continue;
                }
                Files.delete(temp);
                syncDirectory(folder.logs);
                LOG.log(System.Logger.Level.DEBUG, "created log {0}", LogFormat.slotName(slot));
                return slot;
            }
            return -1;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    /**
     * Deletes the temporary files of creators that died: those whose lock is free. This process's
     * own are skipped unopened, because closing a channel on them would drop the creator's lock.
     */
    static void removeStaleTemps(Folder folder) throws IOException {
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder.logs, TEMP_START + "*")) {
            for (Path temp : dir) {
                if (!temp.getFileName().toString().startsWith(folder.tempPrefix) && creatorDied(temp)) {
                    Files.deleteIfExists(temp);
                    LOG.log(System.Logger.Level.INFO, "removed {0}, left by a creator that died", temp.getFileName());
                }
            }
        }
    }

    private static boolean creatorDied(Path temp) throws IOException {
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.READ);
                FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true)) {
            return probe != null;
        } catch (NoSuchFileException | OverlappingFileLockException e) {
            return false;
        }
    }
}
