package io.countd.server.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's claim on one slot: the byte-range lock on the holders file plus the lock link.
 */
record Hold(Folder folder, int slot) {

    Path path() {
        return folder.slotPath(slot);
    }

    /** Gives the slot up: unlinks the lock link first, then drops the byte-range lock. */
    void release() throws IOException {
        try {
            Files.deleteIfExists(folder.linkPath(slot));
        } finally {
            folder.drop(slot);
        }
    }

    /**
     * Gives the slot up as a killed process would: the link stays and only the byte-range lock
     * goes, so the next taker finds a stale link and recovers the log from its contents.
     */
    void abandon() throws IOException {
        folder.drop(slot);
    }
}
