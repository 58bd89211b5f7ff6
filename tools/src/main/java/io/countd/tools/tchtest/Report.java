package io.countd.tools.tchtest;

import io.countd.engine.TcError;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The program's output as C's prints it: report lines and progress dots on standard output, each
 * flushed at once, and one error line per failed call on standard error.
 */
final class Report {
    private final String prog;
    private final PrintStream out;
    private final PrintStream err;

    Report(String prog, PrintStream out, PrintStream err) {
        this.prog = prog;
        this.out = out;
        this.err = err;
    }

    /** Prints and flushes at once, as the C program's {@code iprintf} does. */
    void print(String s) {
        out.print(s);
        out.flush();
    }

    /**
     * The progress mark after step {@code i} of {@code rnum}, which {@link RecordLoop} calls at
     * every 1/250 of a run of more than 250 steps: a dot, and at every 1/10 the count too.
     */
    void progress(int i, int rnum) {
        out.print('.');
        if (i == rnum || i % (rnum / 10) == 0) {
            out.print(String.format(Locale.ROOT, " (%08d)\n", i));
        }
        out.flush();
    }

    /** C's {@code eprint}: the failed call, the open file's path ({@code -} if none) and TC's error. */
    void error(CallSite site, String path, int ecode) {
        out.flush();
        err.print(prog + ": " + (path != null ? path : "-") + ": " + site.line + ": " + site.function + ": error: "
                + ecode + ": " + TcError.of(ecode).message() + "\n");
        err.flush();
    }

    /** A flag as C prints a bool with {@code %d}. */
    static int flag(boolean b) {
        return b ? 1 : 0;
    }
}
