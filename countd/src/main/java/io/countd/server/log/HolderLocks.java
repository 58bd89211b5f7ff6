package io.countd.server.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Which processes hold byte-range locks on a pool's {@code holders} file, as Linux lists every
 * fcntl lock in {@code /proc/locks}: {@code ID: POSIX ADVISORY WRITE PID MAJ:MIN:INODE START END}
 * (device numbers in hex, the inode in decimal, END a byte offset or {@code EOF}; the kernel
 * merges adjacent locks of one process into one range). Reading that list takes no lock, so it
 * tells who holds a slot without disturbing anyone. Elsewhere, or when the file cannot be
 * matched, it knows no holder, and callers fall back to probing.
 */
final class HolderLocks {
    private record Range(long start, long end, long pid) {
    }

    static final HolderLocks NONE = new HolderLocks(List.of());
    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private final List<Range> ranges;

    private HolderLocks(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** The write locks on {@code holders} now; {@link #NONE} when the system does not list them. */
    static HolderLocks of(Path holders) {
        try {
            if (!Files.isReadable(PROC_LOCKS) || !Files.exists(holders)) {
                return NONE;
            }
            long dev = (Long) Files.getAttribute(holders, "unix:dev");
            long ino = (Long) Files.getAttribute(holders, "unix:ino");
            return parse(Files.readAllLines(PROC_LOCKS), fileId(dev, ino));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return NONE;
        }
    }

    /**
     * How {@code /proc/locks} names a file: the major and minor numbers of its device in hex (at
     * least two digits each), then its inode in decimal. {@code dev} is {@code st_dev} as
     * {@code stat(2)} returns it, whose numbers glibc packs as {@code gnu_dev_major/minor} unpack.
     */
    static String fileId(long dev, long ino) {
        long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
        return String.format("%02x:%02x:%d", major, minor, ino);
    }

    /** The POSIX write locks on the file {@code fileId} among {@code lines} of {@code /proc/locks}. */
    static HolderLocks parse(List<String> lines, String fileId) {
        List<Range> out = new ArrayList<>();
        for (String line : lines) {
            String[] t = line.trim().split("\\s+");
            // Waiters are listed as "ID: -> POSIX …"; they hold nothing yet.
            if (t.length < 8 || !t[1].equals("POSIX") || !t[3].equals("WRITE") || !t[5].equals(fileId)) {
                continue;
            }
            try {
                long pid = Long.parseLong(t[4]);
                long start = Long.parseLong(t[6]);
                long end = t[7].equals("EOF") ? Long.MAX_VALUE : Long.parseLong(t[7]);
                if (pid > 0) {
                    out.add(new Range(start, end, pid));
                }
            } catch (NumberFormatException e) {
                // A line of another layout: not one of ours.
            }
        }
        return new HolderLocks(List.copyOf(out));
    }

    /** The process holding byte {@code slot}, if listed. */
    OptionalLong holder(int slot) {
        for (Range r : ranges) {
            if (r.start() <= slot && slot <= r.end()) {
                return OptionalLong.of(r.pid());
            }
        }
        return OptionalLong.empty();
    }
}
