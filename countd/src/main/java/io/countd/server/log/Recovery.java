package io.countd.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Settles a log whose holder died while it was held (mode 0600 or a mode the pool never sets): by
 * its contents it is full (it ends with a seal, or it holds frames and gets a seal now) or empty.
 */
final class Recovery {
    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    private Recovery() {
    }

    /** Recovers the held log and sets its mode; returns {@link LogMode#FULL} or {@link LogMode#EMPTY}. */
    static LogMode recover(Hold hold) throws IOException {
        String name = LogFormat.slotName(hold.slot());
        LogMode.HELD.apply(hold.path());
        LogMode result;
        try (FileChannel ch = FileChannel.open(hold.path(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            LogHeader header = LogHeader.read(ch, hold.slot());
            if (header == null) {
                LOG.log(System.Logger.Level.INFO, "log {0}: abandoned before its header was written; empty", name);
                result = LogMode.EMPTY;
            } else {
                result = settle(ch, header, name);
            }
        }
        result.apply(hold.path());
        return result;
    }

    private static LogMode settle(FileChannel ch, LogHeader header, String name) throws IOException {
        FrameScanner frames = new FrameScanner(ch, header.generation());
        long frameCount = 0;
        long recordCount = 0;
        while (frames.next()) {
            if (frames.isSeal()) {
                LOG.log(System.Logger.Level.INFO, "log {0}: abandoned after its seal; full", name);
                return LogMode.FULL;
            }
            frameCount++;
            recordCount += frames.recordCount();
        }
        if (frameCount == 0) {
            LOG.log(System.Logger.Level.INFO, "log {0}: abandoned before its first frame; empty", name);
            return LogMode.EMPTY;
        }
        long at = frames.end();
        if (at + LogFormat.SEAL_FRAME_BYTES > ch.size()) {
            // A conforming writer always leaves room for the seal; readers will report the missing seal as damage.
            LOG.log(System.Logger.Level.ERROR, "log {0}: no room for a seal after {1} frames; full, unsealed", name,
                    Long.toString(frameCount));
            return LogMode.FULL;
        }
        Frames.writeSeal(ch, at, header.generation(), frameCount, recordCount);
        ch.force(false);
        LOG.log(System.Logger.Level.WARNING, "log {0}: abandoned mid-write; sealed after {1} frames ({2} records) where "
                + "reading stopped: {3}", name, Long.toString(frameCount), Long.toString(recordCount), frames.stopReason());
        return LogMode.FULL;
    }
}
