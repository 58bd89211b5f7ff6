package io.countd.server.log;

import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Permission sets tests use to put logs into a state by hand. */
final class LogModeSets {
    static final Set<PosixFilePermission> HELD = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private LogModeSets() {
    }
}
