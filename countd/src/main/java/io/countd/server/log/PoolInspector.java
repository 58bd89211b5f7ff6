package io.countd.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The commit-log pool of a data folder seen from outside, for operators: each log's state,
 * generation, unapplied records and holder, and the records of one log. Everything is read, nothing
 * is taken: no mode, link or byte of the folder changes, no log is created or recovered, and a
 * running pool goes on undisturbed. A log being written is read up to its last valid frame.
 *
 * <p>The holder of a log is read from Linux's {@code /proc/locks} (the byte-range locks on
 * {@code holders}, format-spec/commitlog.md §5.2), which also gives its process id. Only when that
 * list does not show a holder for a log that looks held (another system, a file system whose
 * device numbers do not match) is the holder's byte lock probed, for an instant; a pool process
 * that tries to take that very slot in that instant finds it busy and tries again later, as with
 * any contended slot. The probe uses this process's shared {@code holders} channel, so a process
 * that also runs a pool keeps its own locks.
 *
 * <p>A user other than root cannot read a sealed log (mode 0200 denies reading); such logs are
 * reported as {@link LogDetails#unreadable()} rather than changed.
 *
 * <p><b>Threads:</b> stateless; safe from any thread.
 */
public final class PoolInspector {
    /** How often a log that changed generation while it was read is read again. */
    private static final int ATTEMPTS = 3;

    private PoolInspector() {
    }

    /** Every log of the pool of data folder {@code dataDir}, by slot; empty when it has no {@code logs/}. */
    public static List<LogDetails> inspect(Path dataDir) throws IOException {
        Path logs = dataDir.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return List.of();
        }
        BitSet slots = new BitSet();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(logs)) {
            for (Path p : dir) {
                int slot = Inventory.slotNumber(p.getFileName().toString());
                if (slot >= 0) {
                    slots.set(slot);
                }
            }
        }
        Probe probe = new Probe(logs);
        List<LogDetails> out = new ArrayList<>();
        try {
            for (int s = slots.nextSetBit(0); s >= 0; s = slots.nextSetBit(s + 1)) {
                try {
                    out.add(look(logs, s, probe, null));
                } catch (NoSuchFileException gone) {
                    // Logs are never deleted; a foreign hand may have, since the listing.
                }
            }
        } finally {
            probe.close();
        }
        return out;
    }

    /**
     * One log of the pool of {@code dataDir}, and, if {@code visitor} is not null, its unapplied
     * records in log order: those of the valid frames of its current generation, up to the seal or
     * the first frame that is not valid, each frame whole or not at all. An empty log has none.
     *
     * @throws NoSuchFileException when the pool has no log {@code slot}
     */
    public static LogDetails read(Path dataDir, int slot, RecordVisitor visitor) throws IOException {
        if (slot < 0) {
            throw new IllegalArgumentException("slot " + slot);
        }
        Path logs = dataDir.resolve("logs");
        Probe probe = new Probe(logs);
        try {
            return look(logs, slot, probe, visitor);
        } finally {
            probe.close();
        }
    }

    private static LogDetails look(Path logs, int slot, Probe probe, RecordVisitor visitor) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return lookOnce(logs, slot, probe, visitor);
            } catch (Recycled e) {
                // Records already visited cannot be taken back: only a plain look is repeated.
                if (visitor != null || attempt == ATTEMPTS) {
                    throw new IOException("log " + LogFormat.slotName(slot) + " was applied and reused while it was "
                            + "read; read it again", e);
                }
            }
        }
    }

    /**
     * A worker applied and a writer reused the log while it was read: the frames of the
     * generation read first were overwritten, which must not be mistaken for damage.
     */
    private static final class Recycled extends Exception {
        private static final long serialVersionUID = 1L;

        Recycled() {
            super(null, null, false, false);
        }
    }

    private static LogDetails lookOnce(Path logs, int slot, Probe probe, RecordVisitor visitor)
            throws IOException, Recycled {
        Path log = logs.resolve(LogFormat.slotName(slot));
        Path link = logs.resolve("lock-" + LogFormat.slotName(slot));
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(log);
        LogMode mode = LogMode.of(log);
        boolean linked = Files.exists(link);
        List<String> problems = new ArrayList<>();
        if (mode == LogMode.OTHER) {
            problems.add("mode " + octal(perms) + " is none of the pool's (0400 empty, 0200 full, 0600 held)");
        }
        if (linked && !Files.isSameFile(link, log)) {
            problems.add(link.getFileName() + " is not a link to the log");
        }
        OptionalLong pid = OptionalLong.empty();
        LogDetails.State state;
        if (linked || !mode.settled()) {
            pid = probe.locks.holder(slot);
            state = pid.isPresent() || probe.isLive(slot) ? LogDetails.State.HELD : LogDetails.State.ABANDONED;
        } else {
            state = mode == LogMode.EMPTY ? LogDetails.State.EMPTY : LogDetails.State.FULL;
        }
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            LogHeader header = LogHeader.read(ch, slot);
            if (header == null) {
                if (state == LogDetails.State.FULL) {
                    problems.add("sealed, but its header is not valid");
                }
                return new LogDetails(slot, state, octalValue(perms), 0, 0, 0, 0, false, pid, null, problems);
            }
            if (state == LogDetails.State.EMPTY) {
                return new LogDetails(slot, state, octalValue(perms), header.generation(), header.createdMicros(), 0, 0,
                        false, pid, null, problems);
            }
            Scan scan = scan(ch, header, state == LogDetails.State.FULL, visitor);
            if (scan.damage != null) {
                LogHeader now = LogHeader.read(ch, slot);
                if (now == null || now.generation() != header.generation()) {
                    throw new Recycled();
                }
                problems.add(scan.damage);
            }
            return new LogDetails(slot, state, octalValue(perms), header.generation(), header.createdMicros(),
                    scan.frames, scan.records, scan.sealed, pid, null, problems);
        } catch (AccessDeniedException e) {
            return new LogDetails(slot, state, octalValue(perms), 0, 0, 0, 0, false, pid,
                    "this user may not read it (mode " + octal(perms) + "); root may", problems);
        }
    }

    private static final class Scan {
        long frames;
        long records;
        boolean sealed;
        String damage;
    }

    /**
     * Reads the valid frames of the header's generation, checking every record. A frame that is
     * not valid ends the log; it is damage only when a seal must follow ({@code mustSeal}, a full
     * log), since a log being written ends in a torn or stale frame.
     */
    private static Scan scan(FileChannel ch, LogHeader header, boolean mustSeal, RecordVisitor visitor)
            throws IOException {
        Scan s = new Scan();
        FrameScanner frames = new FrameScanner(ch, header.generation());
        RecordDecoder decoder = new RecordDecoder();
        while (frames.next()) {
            if (frames.isSeal()) {
                s.sealed = true;
                if (frames.sealFrames() != s.frames || frames.sealRecords() != s.records) {
                    s.damage = "the seal at offset " + frames.frameOffset() + " counts " + frames.sealFrames()
                            + " frames and " + frames.sealRecords() + " records, but " + s.frames + " and " + s.records
                            + " precede it";
                }
                return s;
            }
            String bad = decoder.decode(frames.buffer(), frames.payloadIndex(), frames.payloadLength(),
                    frames.recordCount(), null);
            if (bad != null) {
                s.damage = "frame at offset " + frames.frameOffset() + ": " + bad;
                return s;
            }
            if (visitor != null) {
                decoder.decode(frames.buffer(), frames.payloadIndex(), frames.payloadLength(), frames.recordCount(),
                        visitor);
            }
            s.frames++;
            s.records += frames.recordCount();
        }
        if (mustSeal) {
            s.damage = frames.stopReason() + ", before any seal";
        }
        return s;
    }

    private static int octalValue(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }

    private static String octal(Set<PosixFilePermission> perms) {
        return String.format("%04o", octalValue(perms));
    }

    /**
     * The holders' locks as {@code /proc/locks} lists them, and, only when needed, this process's
     * channel on {@code holders} to probe a byte lock.
     */
    private static final class Probe {
        final HolderLocks locks;
        private final Path logs;
        private Folder folder;

        Probe(Path logs) {
            this.logs = logs;
            this.locks = HolderLocks.of(logs.resolve("holders"));
        }

        /** Whether a live process holds {@code slot}'s byte lock (none can without a holders file). */
        boolean isLive(int slot) throws IOException {
            if (folder == null) {
                if (!Files.exists(logs.resolve("holders"))) {
                    return false;
                }
                folder = Folder.acquire(logs);
            }
            return folder.isLive(slot);
        }

        void close() {
            if (folder != null) {
                folder.release();
            }
        }
    }
}
