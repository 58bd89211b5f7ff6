package io.countd.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Names the running boot of the machine, so that an {@link UnsyncedMark} can tell a restart of the
 * machine (the page cache is gone) from the death of a process (the page cache holds every write).
 * Linux's random boot id where there is one; elsewhere the start time of process 1, which changes
 * with each boot; failing both, a name no mark can match, so that every mark is treated as
 * another boot's: the safe side.
 */
final class BootId {
    static final String VALUE = find();

    private BootId() {
    }

    private static String find() {
        try {
            String id = Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
            if (!id.isEmpty()) {
                return id;
            }
        } catch (IOException | SecurityException e) {
            // not Linux: try the next source
        }
        Optional<String> init = ProcessHandle.of(1).flatMap(p -> p.info().startInstant()).map(t -> "init-" + t);
        return init.orElse("unknown-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
    }
}
