package io.countd.tools.tchmgr;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcError;
import io.countd.tools.tc.TcNumbers;

/**
 * The shape every database subcommand of {@code tchmgr} shares: open (a failure prints the error
 * line with path {@code -}), operate (a failure prints the error line with the path), for a writer
 * a flush to the device (a failure is printed only if nothing was), close (a failure is printed only if nothing was), and exit
 * 0 or 1.
 */
abstract class DatabaseCommand {
    final Session session;
    final CommandLine cl;
    final DatabasePath path;

    DatabaseCommand(Session session) {
        this.session = session;
        this.cl = session.cl;
        this.path = new DatabasePath(cl.positionalBytes(0), cl.args.string(cl.positional(0)));
    }

    /** How the subcommand opens its database. */
    abstract Opener opener();

    /**
     * Performs the subcommand on the open database, printing its output and reporting (with
     * {@link #fail}) failures that are not exceptions.
     *
     * @return whether it succeeded
     */
    abstract boolean operate(HashDatabase db);

    /** Opens the database; subclasses that tune new files override this. */
    HashDatabase open(Opener opener) {
        return opener.open();
    }

    /** Runs the subcommand; returns the exit status. */
    int execute() {
        Opener opener = opener();
        HashDatabase db;
        try {
            db = open(opener);
        } catch (RuntimeException e) {
            return openFailed(e);
        }
        boolean ok;
        try {
            ok = operate(db);
        } catch (RuntimeException e) {
            fail(Session.errorOf(e));
            ok = false;
        }
        if (opener.writes()) {
            // Unlike TC's tool: the change is on the device when the command returns, and the file
            // keeps no unsynced mark that would refuse it after a restart of the machine.
            try {
                db.sync();
            } catch (RuntimeException e) {
                if (!session.reported()) {
                    session.report(path.raw(), e);
                }
                ok = false;
            }
        }
        try {
            db.close();
        } catch (RuntimeException e) {
            if (!session.reported()) {
                session.report(path.raw(), e);
            }
            ok = false;
        }
        return ok ? 0 : 1;
    }

    /** Reports a failure to open; subclasses may handle special outcomes first. */
    int openFailed(RuntimeException e) {
        session.report(null, e);
        return 1;
    }

    /** Reports a failure of the operation on the open database. */
    void fail(TcError error) {
        session.report(path.raw(), error);
    }

    /** The value of a numeric tuning argument as the C tool passes it on: -1 if absent, else truncated to 32 bits. */
    int tuningArgument(int n) {
        byte[] text = cl.positionalBytes(n);
        return text == null ? -1 : (int) TcNumbers.atoix(text);
    }
}
