package io.countd.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The process-wide set of open database files, by real path. Like TC, the engine refuses to open
 * a file that this process already has open (error 1, "threading error"): two handles would keep
 * separate free block pools and corrupt the file, and POSIX record locks cannot protect a process
 * from itself. Thread-safe.
 */
final class OpenRegistry {
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private OpenRegistry() {
    }

    /**
     * The canonical path of a database file that may not exist yet: the real path of its folder
     * plus its name.
     *
     * @throws TcException with {@link TcError#NOFILE} if the folder does not exist
     */
    static Path canonical(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs)) {
                return abs.toRealPath();
            }
            Path parent = abs.getParent();
            return parent == null ? abs : parent.toRealPath().resolve(abs.getFileName());
        } catch (NoSuchFileException e) {
            throw new TcException(TcError.NOFILE, path.toString(), e);
        } catch (IOException e) {
            throw new TcException(TcError.OPEN, path.toString(), e);
        }
    }

    /** Registers a canonical path; false if it is already open in this process. */
    static boolean acquire(Path canonical) {
        return OPEN.add(canonical);
    }

    static void release(Path canonical) {
        OPEN.remove(canonical);
    }
}
