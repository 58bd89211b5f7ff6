package io.countd.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a command line the countd way: a bad flag gets one line and exit code 2; a failure at
 * start-up one line and exit code 1; never a stack trace on the terminal. Log lines are one line
 * each, on standard error.
 */
final class Launcher {
    private Launcher() {
    }

    static int run(String name, Object command, String... args) {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", DaemonLogManager.class.getName());
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format",
                    "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
        CommandLine cmd = new CommandLine(command).setCommandName(name);
        cmd.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(name + ": " + e.getMessage() + " (see " + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help)");
            return 2;
        });
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof Checked.BadFlag) {
                c.getErr().println(name + ": " + oneLine(e) + " (see " + c.getCommandSpec().qualifiedName() + " --help)");
                return 2;
            }
            c.getErr().println(name + ": " + oneLine(e));
            return 1;
        });
        return cmd.execute(args);
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m).replace('\n', ' ');
    }
}
