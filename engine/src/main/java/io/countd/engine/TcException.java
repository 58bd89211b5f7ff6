package io.countd.engine;

/**
 * A failure of a hash database operation, carrying the Tokyo Cabinet error it corresponds to.
 *
 * <p>Every failure the engine reports is a {@code TcException}; I/O failures are wrapped, never
 * thrown raw. {@link #error()} tells what went wrong in TC's terms, so callers and tools can print
 * {@code code: message} exactly as the C library's tools do. The detail message may add context
 * (an offset, a path) for humans; it is not part of any format.
 */
public class TcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final TcError error;

    public TcException(TcError error, String detail) {
        super(detail == null ? error.message() : error.message() + ": " + detail);
        this.error = error;
    }

    public TcException(TcError error, String detail, Throwable cause) {
        super(detail == null ? error.message() : error.message() + ": " + detail, cause);
        this.error = error;
    }

    /** The TC error this failure corresponds to. */
    public TcError error() {
        return error;
    }

    /** Shorthand for {@code error().code()}. */
    public int code() {
        return error.code();
    }
}
