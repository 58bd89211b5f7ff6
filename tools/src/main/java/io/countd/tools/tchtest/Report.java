package io.countd.tools.tchtest;

import io.countd.engine.TcError;
import java.io.PrintStream;

/**
 * The program's output as C's prints it: report lines and progress dots on standard output, each
 * flushed at once, and one error line per failed call on standard error.
 */
final class Report {
    private final String prog;
    private final PrintStream out;
    private final PrintStream err;
    /** The counts' digits: {@code String.format} would load and start its formatter within the timed run. */
    private final KeyFormatter counts = new KeyFormatter();

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
            byte[] digits = counts.format(i);
            out.print(" (");
            out.write(digits, 0, digits.length);
            out.print(")\n");
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
