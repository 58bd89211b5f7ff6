package io.countd.tools.tchtest;

/**
 * A library call of the C program that can fail, with the function name and the source line
 * Debian's {@code tchtest} 1.4.48 prints in its error line for it, so that the error output of both
 * programs compares equal.
 */
enum CallSite {
    WRITE_OPEN(609, "tchdbopen"),
    // The engine has no asynchronous put; with -as the failing put is reported where C's would be.
    WRITE_PUT_ASYNC(617, "tchdbput"),
    WRITE_PUT(623, "tchdbput"),
    WRITE_CLOSE(638, "tchdbclose"),
    READ_OPEN(678, "tchdbopen"),
    READ_GET_BUFFER(690, "tchdbget3"),
    READ_GET(697, "tchdbget"),
    READ_CLOSE(713, "tchdbclose"),
    REMOVE_OPEN(753, "tchdbopen"),
    REMOVE_OUT(761, "tchdbout"),
    REMOVE_CLOSE(775, "tchdbclose");

    final int line;
    final String function;

    CallSite(int line, String function) {
        this.line = line;
        this.function = function;
    }
}
