package io.countd.engine;

/**
 * The error codes of Tokyo Cabinet 1.4, with the same numbers and messages as the C library.
 *
 * <p>Codes other than {@link #SUCCESS}, {@link #INVALID}, {@link #KEEP} and {@link #NOREC} are
 * <em>fatal</em>: a handle that meets one is marked fatal and, if it is a writer, sets the FATAL flag in
 * the file header, exactly as the C library does.
 */
public enum TcError {
    /** No error. */
    SUCCESS(0, "success"),
    /** A threading error; here: the file is already open in this process. */
    THREAD(1, "threading error"),
    /** An operation not allowed in the handle's state (read-only, closed, inside a transaction, ...). */
    INVALID(2, "invalid operation"),
    /** The file does not exist. */
    NOFILE(3, "file not found"),
    /** No permission to open the file. */
    NOPERM(4, "no permission"),
    /** The header (or write-ahead log) is not valid. */
    META(5, "invalid meta data"),
    /** A record header or tree link is not valid: a damaged file. */
    RHEAD(6, "invalid record header"),
    /** The file could not be opened. */
    OPEN(7, "open error"),
    /** The file could not be closed. */
    CLOSE(8, "close error"),
    /** The file could not be truncated. */
    TRUNC(9, "trunc error"),
    /** The file could not be flushed to the device. */
    SYNC(10, "sync error"),
    /** The file's attributes could not be read, or it is not a regular file. */
    STAT(11, "stat error"),
    /** A seek failed (not reported by this engine). */
    SEEK(12, "seek error"),
    /** A read failed, or found the file shorter than its header says. */
    READ(13, "read error"),
    /** A write failed. */
    WRITE(14, "write error"),
    /** Mapping failed, or another process cut the file while it was open. */
    MMAP(15, "mmap error"),
    /** The file lock could not be taken. */
    LOCK(16, "lock error"),
    /** A file could not be removed. */
    UNLINK(17, "unlink error"),
    /** A file could not be renamed. */
    RENAME(18, "rename error"),
    /** A directory could not be created (not reported by this engine). */
    MKDIR(19, "mkdir error"),
    /** A directory could not be removed (not reported by this engine). */
    RMDIR(20, "rmdir error"),
    /** The record exists (putkeep), or its value is not a number of the right size (addint, adddouble). */
    KEEP(21, "existing record"),
    /** No record was found. */
    NOREC(22, "no record found"),
    /** Any other error, among them running out of memory. */
    MISC(9999, "miscellaneous error");

    private final int code;
    private final String message;

    TcError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /**
     * The numeric code, as returned by {@code tchdbecode}.
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * The message, as returned by {@code tchdberrmsg}.
     *
     * @return the message
     */
    public String message() {
        return message;
    }

    /**
     * Whether this error marks a handle fatal (and the file, for writers).
     *
     * @return true for every code but SUCCESS, INVALID, KEEP and NOREC
     */
    public boolean isFatal() {
        return this != SUCCESS && this != INVALID && this != KEEP && this != NOREC;
    }

    /**
     * The error with the given code.
     *
     * @param code a TC error code
     * @return its error; {@link #MISC} for a code TC does not define
     */
    public static TcError of(int code) {
        for (TcError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return MISC;
    }
}
