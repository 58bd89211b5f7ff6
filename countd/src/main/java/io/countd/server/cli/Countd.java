package io.countd.server.cli;

import picocli.CommandLine.Command;

/** {@code countd}: the admin command; {@code countd serve} runs the whole server in one JVM. */
@Command(name = "countd", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "countd: sorted sets of 64-bit counters over Tokyo Cabinet files.",
        subcommands = {Serve.class, Bench.class, Get.class,
            Incr.class, Top.class, Logs.class, DumpLog.class, Keyspaces.class, Status.class, Verify.class})
public final class Countd implements Runnable {
    public static void main(String[] args) {
        System.exit(Launcher.run("countd", new Countd(), args));
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "a subcommand is required");
    }
}
