package io.countd.engine;

/**
 * The error codes of Tokyo Cabinet 1.4, with the same numbers and messages as the C library.
 *
 * <p>Codes other than {@link #SUCCESS}, {@link #INVALID}, {@link #KEEP} and {@link #NOREC} are
 * <em>fatal</em>: a handle that meets one is marked fatal and, if it is a writer, sets the FATAL flag in
 * the file header, exactly as the C library does.
 */
public enum TcError {
    SUCCESS(0, "success"),
    THREAD(1, "threading error"),
    INVALID(2, "invalid operation"),
    NOFILE(3, "file not found"),
    NOPERM(4, "no permission"),
    META(5, "invalid meta data"),
    RHEAD(6, "invalid record header"),
    OPEN(7, "open error"),
    CLOSE(8, "close error"),
    TRUNC(9, "trunc error"),
    SYNC(10, "sync error"),
    STAT(11, "stat error"),
    SEEK(12, "seek error"),
    READ(13, "read error"),
    WRITE(14, "write error"),
    MMAP(15, "mmap error"),
    LOCK(16, "lock error"),
    UNLINK(17, "unlink error"),
    RENAME(18, "rename error"),
    MKDIR(19, "mkdir error"),
    RMDIR(20, "rmdir error"),
    KEEP(21, "existing record"),
    NOREC(22, "no record found"),
    MISC(9999, "miscellaneous error");

    private final int code;
    private final String message;

    TcError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    /** The numeric code, as returned by {@code tchdbecode}. */
    public int code() {
        return code;
    }

    /** The message, as returned by {@code tchdberrmsg}. */
    public String message() {
        return message;
    }

    /** Whether this error marks a handle fatal (and the file, for writers). */
    public boolean isFatal() {
        return this != SUCCESS && this != INVALID && this != KEEP && this != NOREC;
    }

    /** The error with the given code; {@link #MISC} for a code TC does not define. */
    public static TcError of(int code) {
        for (TcError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return MISC;
    }
}
