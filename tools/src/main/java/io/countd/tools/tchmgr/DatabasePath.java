package io.countd.tools.tchmgr;

import io.countd.engine.TcError;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A path from the command line: its bytes, printed verbatim in messages ({@code ./db},
 * {@code sub//db} stay as typed), and the file it names. Java's {@link Path} drops what POSIX
 * {@code open(2)} gives meaning to (a trailing slash requires a directory; the empty path names
 * nothing), so those cases are decided here, with the error TC derives from open's errno.
 */
final class DatabasePath {
    private final byte[] raw;
    private final String text;

    DatabasePath(byte[] raw, String text) {
        this.raw = raw;
        this.text = text;
    }

    /** The path exactly as given, for messages. */
    byte[] raw() {
        return raw;
    }

    String text() {
        return text;
    }

    Path path() {
        return Path.of(text);
    }

    /**
     * The error {@code open(2)} would give where {@link Path} would silently name another file, or
     * null if the path can be handed to the engine: the empty path and a trailing slash after
     * something that is not a directory give ENOENT or ENOTDIR, both "file not found" for TC, as
     * does a path through a regular file (which Java reports as a generic I/O error).
     */
    TcError openError() {
        if (text.isEmpty()) {
            return TcError.NOFILE;
        }
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '/') {
            end--;
        }
        if (end == 0) {
            return null; // the root directory
        }
        Path base = Path.of(text.substring(0, end));
        if (end < text.length() && !Files.isDirectory(base)) {
            return TcError.NOFILE;
        }
        for (Path dir = base.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir)) {
                return Files.isDirectory(dir) ? null : TcError.NOFILE;
            }
        }
        return null;
    }
}
