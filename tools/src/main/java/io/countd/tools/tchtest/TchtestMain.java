package io.countd.tools.tchtest;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.Map;

/** Parses a {@code tchtest} command line and runs its test. */
public final class TchtestMain {
    private TchtestMain() {
    }

    /** Runs one command on the process's standard streams and exits with its status. */
    public static void main(String[] argv) {
        Charset cs = CommandLine.nativeCharset();
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, cs);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, cs);
        int rc = run(argv, out, err, System.getenv());
        out.flush();
        err.flush();
        System.exit(rc);
    }

    /**
     * Runs one command: {@code argv[0]} is the program name to print, {@code argv[1]} the
     * subcommand. {@code TCRNDSEED} in {@code env} seeds the random record numbers.
     *
     * @return the exit status: 0 on success, 1 on a usage error or a failed test
     */
    public static int run(String[] argv, PrintStream out, PrintStream err, Map<String, String> env) {
        String prog = argv.length > 0 ? argv[0] : "tchtest";
        String s = env.get("TCRNDSEED");
        int seed = s != null ? (int) CommandLine.parseNumber(s) : (int) System.currentTimeMillis();
        Report report = new Report(prog, out, err);
        RecordLoop loop = new RecordLoop(new GlibcRandom(seed), report);
        int rc;
        try {
            CommandLine c = CommandLine.parse(argv);
            rc = switch (c.subcommand) {
                case "write" -> WriteTest.run(c, seed, loop, report);
                case "read" -> ReadTest.run(c, seed, loop, report);
                default -> RemoveTest.run(c, seed, loop, report);
            };
        } catch (UsageException e) {
            err.print(Usage.text(prog));
            err.flush();
            return 1;
        }
        if (rc != 0) {
            StringBuilder line = new StringBuilder("FAILED: TCRNDSEED=").append(Integer.toUnsignedString(seed))
                    .append(" PID=").append(ProcessHandle.current().pid());
            for (String a : argv) {
                line.append(' ').append(a);
            }
            out.print(line.append("\n\n"));
        }
        out.flush();
        return rc;
    }
}
