package io.countd.client;

/**
 * The write connection broke, or no acknowledgement came within the acknowledgement timeout,
 * after an increment had been handed to the socket and before its {@code WIN} arrived. The
 * increment's outcome is <b>unknown</b>: the server may have made it durable (and will then apply
 * it exactly once) or never received it. Retrying it may count it twice.
 */
public class ConnectionLostException extends CountdException {
    private static final long serialVersionUID = 1L;

    /**
     * A lost connection.
     *
     * @param message what was lost, and when
     * @param cause the failure that broke the connection, or null after a timeout
     */
    public ConnectionLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
