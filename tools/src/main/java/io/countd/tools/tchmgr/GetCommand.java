package io.countd.tools.tchmgr;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcError;

/**
 * {@code get [-nl|-nb] [-sx] [-px] [-pz] path key}: prints a value as raw bytes (or {@code -px}
 * hex), then a newline unless {@code -pz}; an absent key is error 22 with nothing printed.
 */
final class GetCommand extends DatabaseCommand {
    GetCommand(Session session) {
        super(session);
    }

    @Override
    Opener opener() {
        return new Opener(path, Opener.Mode.READER).locking(cl);
    }

    @Override
    boolean operate(HashDatabase db) {
        byte[] value = db.get(KeyArguments.decode(cl, 1));
        if (value == null) {
            fail(TcError.NOREC);
            return false;
        }
        RecordPrinter.data(session.console, value, cl.has("-px"));
        if (!cl.has("-pz")) {
            session.console.out('\n');
        }
        return true;
    }
}
