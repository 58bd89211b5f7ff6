package io.countd.tools.tchmgr;

import io.countd.engine.HashDatabase;
import java.util.List;

/**
 * {@code verify [-nl|-nb] path}, this project's addition: checks every structural invariant of
 * the database and prints each violation on a line of its own, {@code <path>: <violation>}. Exit
 * status 0 and no output for a sound file, 1 if anything is wrong (a file that does not open
 * gets TC's error line). A file changed without a sync when its machine stopped is opened anyway,
 * and that is reported as its first violation.
 */
final class VerifyCommand extends DatabaseCommand {
    VerifyCommand(Session session) {
        super(session);
    }

    @Override
    Opener opener() {
        return new Opener(path, Opener.Mode.READER).locking(cl).acceptUnsynced();
    }

    @Override
    boolean operate(HashDatabase db) {
        List<String> findings = db.verify();
        for (String f : findings) {
            session.console.out(path.raw());
            session.console.out(Session.ascii(": " + f + "\n"));
        }
        return findings.isEmpty();
    }
}
