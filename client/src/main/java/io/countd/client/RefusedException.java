package io.countd.client;

/**
 * The server answered and refused the request: {@code ERR} to an increment (its keyspace or key is
 * empty), an error response to a ranked read, or an HTTP error status other than 404 to a lookup.
 * Nothing was changed; sending the same request again gets the same answer.
 */
public class RefusedException extends CountdException {
    private static final long serialVersionUID = 1L;

    /**
     * A refusal.
     *
     * @param message what the server answered
     */
    public RefusedException(String message) {
        super(message);
    }
}
