package io.countd.server.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A log's state as its mode bits tell it. The mode is the state; it is never inferred from an
 * open() failing, so the pool works the same for root, who may open any file.
 */
enum LogMode {
    /** 0400: recycled or new, waiting for a writer. */
    EMPTY(EnumSet.of(PosixFilePermission.OWNER_READ)),
    /** 0200: sealed, waiting for a worker. */
    FULL(EnumSet.of(PosixFilePermission.OWNER_WRITE)),
    /** 0600: a holder has it open read-write (alive or not: the holders file says which). */
    HELD(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)),
    /** Any other mode: not set by the pool; the contents decide, as for an abandoned log. */
    OTHER(EnumSet.noneOf(PosixFilePermission.class));

    private final Set<PosixFilePermission> permissions;

    LogMode(Set<PosixFilePermission> permissions) {
        this.permissions = Collections.unmodifiableSet(permissions);
    }

    static LogMode of(Path log) throws IOException {
        Set<PosixFilePermission> p = Files.getPosixFilePermissions(log);
        for (LogMode m : values()) {
            if (m != OTHER && m.permissions.equals(p)) {
                return m;
            }
        }
        return OTHER;
    }

    /** Sets the mode of {@code log}; not for {@link #OTHER}. */
    void apply(Path log) throws IOException {
        if (this == OTHER) {
            throw new IllegalArgumentException("OTHER is not a mode the pool sets");
        }
        Files.setPosixFilePermissions(log, permissions);
    }

    /** Whether the mode alone says the log is settled (empty or full), with no need to read it. */
    boolean settled() {
        return this == EMPTY || this == FULL;
    }
}
