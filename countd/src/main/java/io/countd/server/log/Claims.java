package io.countd.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Taking slots in a given state, and settling the abandoned logs met on the way. Shared by the
 * writer side (wants empty logs) and the worker side (wants full ones).
 */
final class Claims {
    private Claims() {
    }

    /**
     * Recovers every listed log that looks held but whose holder is dead.
     *
     * @return whether any log was looked at (then the caller lists the folder again)
     */
    static boolean recoverAbandoned(Folder folder, Inventory inv) throws IOException {
        boolean any = false;
        for (Inventory.Slot s : inv.slots()) {
            if (!s.held() || folder.heldHere(s.slot())) {
                continue;
            }
            Hold hold = folder.tryHold(s.slot());
            if (hold == null) {
                continue;
            }
            try {
                settle(hold);
            } finally {
                hold.release();
            }
            any = true;
        }
        if (any) {
            folder.signal.bump();
        }
        return any;
    }

    /**
     * Takes {@code slot} if it is free and, once held, in state {@code wanted} (the listing may be
     * out of date by then, so the mode is read again under the hold).
     *
     * @return the hold, or null when the slot is held by a live process or not in that state
     */
    static Hold claim(Folder folder, int slot, LogMode wanted) throws IOException {
        Hold hold = folder.tryHold(slot);
        if (hold == null) {
            return null;
        }
        LogMode mode;
        try {
            mode = settle(hold);
        } catch (IOException | RuntimeException e) {
            hold.release();
            throw e;
        }
        if (mode == wanted) {
            return hold;
        }
        hold.release();
        return null;
    }

    /** The held log's state, recovering it first when its mode says it was abandoned. */
    private static LogMode settle(Hold hold) throws IOException {
        LogMode mode = LogMode.of(hold.path());
        return mode.settled() ? mode : Recovery.recover(hold);
    }

    /**
     * The generation in the log's header: 0 when the header is not valid, -1 when this process may
     * not read the file (a 0200 log, for a user other than root).
     */
    static long generation(Folder folder, int slot) throws IOException {
        try (FileChannel ch = FileChannel.open(folder.slotPath(slot), StandardOpenOption.READ)) {
            LogHeader header = LogHeader.read(ch, slot);
            return header == null ? 0 : header.generation();
        } catch (AccessDeniedException e) {
            return -1;
        }
    }

    /**
     * The key that orders full logs oldest first: the generation (microseconds at the take), or
     * when the header cannot be read, the time of the last write (the seal) in microseconds.
     */
    static long age(Folder folder, int slot) throws IOException {
        Path p = folder.slotPath(slot);
        try {
            long g = generation(folder, slot);
            return g >= 0 ? g : Files.getLastModifiedTime(p).to(TimeUnit.MICROSECONDS);
        } catch (NoSuchFileException e) {
            return Long.MAX_VALUE;
        }
    }
}
