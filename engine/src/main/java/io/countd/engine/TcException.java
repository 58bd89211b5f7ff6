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

    /** What went wrong in TC's terms. */
    private final TcError error;

    /**
     * A failure with TC's {@code error}; the message is the error's message and the detail.
     *
     * @param error what went wrong in TC's terms
     * @param detail context for humans, or null
     */
    public TcException(TcError error, String detail) {
        super(detail == null ? error.message() : error.message() + ": " + detail);
        this.error = error;
    }

    /**
     * A failure with TC's {@code error} caused by {@code cause}.
     *
     * @param error what went wrong in TC's terms
     * @param detail context for humans, or null
     * @param cause the underlying failure
     */
    public TcException(TcError error, String detail, Throwable cause) {
        super(detail == null ? error.message() : error.message() + ": " + detail, cause);
        this.error = error;
    }

    /**
     * The TC error this failure corresponds to.
     *
     * @return the error
     */
    public TcError error() {
        return error;
    }

    /**
     * Shorthand for {@code error().code()}.
     *
     * @return TC's error code
     */
    public int code() {
        return error.code();
    }
}
