package io.countd.client;

/**
 * A countd call failed. Unless it is a {@link ConnectionLostException}, the call changed nothing:
 * an increment that fails with this exception (or with {@link RefusedException}) was not applied.
 */
public class CountdException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure without a cause.
     *
     * @param message what failed
     */
    public CountdException(String message) {
        super(message);
    }

    /**
     * A failure caused by another.
     *
     * @param message what failed
     * @param cause the failure underneath
     */
    public CountdException(String message, Throwable cause) {
        super(message, cause);
    }
}
