package io.countd.tools.tchmgr;

import io.countd.tools.Console;
import io.countd.tools.RawArguments;
import java.io.ByteArrayOutputStream;

/** Parses a {@code tchmgr} command line and runs its subcommand. */
public final class TchmgrMain {
    private static final byte[] DEFAULT_NAME = Session.ascii("tchmgr");

    private TchmgrMain() {
    }

    /**
     * Runs {@code tchmgr}; argument 0 is the program name to print.
     *
     * @return the exit status: 0 for success, 1 for a usage error or any failure
     */
    public static int run(RawArguments args, Console console) {
        byte[] name = args.count() > 0 ? args.bytes(0) : DEFAULT_NAME;
        int status;
        try {
            CommandLine cl = CommandLine.parse(args);
            Session session = new Session(console, name, cl);
            status = switch (cl.subcommand) {
                case CREATE -> new CreateCommand(session).execute();
                case INFORM -> new InformCommand(session).execute();
                case PUT -> new PutCommand(session).execute();
                case OUT -> new OutCommand(session).execute();
                case GET -> new GetCommand(session).execute();
                case LIST -> new ListCommand(session).execute();
                case OPTIMIZE -> new OptimizeCommand(session).execute();
                case IMPORTTSV -> new ImportTsvCommand(session).execute();
                case VERIFY -> new VerifyCommand(session).execute();
                case REPAIR -> new RepairCommand(session).execute();
                case VERSION -> VersionCommand.execute(session);
            };
        } catch (UsageException e) {
            console.err(Usage.text(name));
            status = 1;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            // A defect or an exhausted JVM: still one TC-style line and TC's failure status.
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            line.writeBytes(name);
            line.writeBytes(Session.ascii(": -: 9999: miscellaneous error\n"));
            console.err(line.toByteArray());
            status = 1;
        }
        console.flush();
        return status;
    }
}
