package io.countd.client;

/**
 * A countd call failed. Unless it is a {@link ConnectionLostException}, the call changed nothing:
 * an increment that fails with this exception (or with {@link RefusedException}) was not applied.
 */
public class CountdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CountdException(String message) {
        super(message);
    }

    public CountdException(String message, Throwable cause) {
        super(message, cause);
    }
}
