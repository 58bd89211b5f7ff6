package io.countd.tools.tchtest;

/** The command line is not one {@code tchtest} accepts: the usage text is printed and the exit status is 1. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException() {
        super(null, null, false, false);
    }
}
