package io.countd.tools.tchmgr;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcError;

/** {@code out [-nl|-nb] [-sx] path key}: removes a record; an absent key is error 22. */
final class OutCommand extends DatabaseCommand {
    OutCommand(Session session) {
        super(session);
    }

    @Override
    Opener opener() {
        return new Opener(path, Opener.Mode.WRITER).locking(cl);
    }

    @Override
    boolean operate(HashDatabase db) {
        if (!db.remove(KeyArguments.decode(cl, 1))) {
            fail(TcError.NOREC);
            return false;
        }
        return true;
    }
}
