package io.countd.tools.tchmgr;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcError;
import io.countd.tools.tc.CFormat;
import io.countd.tools.tc.TcNumbers;

/**
 * {@code put [-nl|-nb] [-sx] [-dk|-dc|-dai|-dad] path key value}: stores a record, by default
 * replacing the value; {@code -dk} keeps an existing one (error 21), {@code -dc} appends,
 * {@code -dai}/{@code -dad} add the value, parsed as TC parses numbers, to a stored 4-byte int or
 * 8-byte double and print the sum. As in TC, a sum of {@code INT_MIN} or NaN is TC's error signal:
 * the record is written, yet the run fails with "0: success".
 */
final class PutCommand extends DatabaseCommand {
    PutCommand(Session session) {
        super(session);
    }

    @Override
    Opener opener() {
        return new Opener(path, Opener.Mode.WRITER).locking(cl);
    }

    @Override
    boolean operate(HashDatabase db) {
        byte[] key = KeyArguments.decode(cl, 1);
        byte[] value = KeyArguments.decode(cl, 2);
        String mode = cl.last("-dk", "-dc", "-dai", "-dad");
        if ("-dk".equals(mode)) {
            if (!db.putIfAbsent(key, value)) {
                fail(TcError.KEEP);
                return false;
            }
        } else if ("-dc".equals(mode)) {
            db.append(key, value);
        } else if ("-dai".equals(mode)) {
            int sum = db.addInt(key, (int) TcNumbers.atoi(value));
            if (sum == Integer.MIN_VALUE) {
                fail(TcError.SUCCESS);
                return false;
            }
            session.console.out(Integer.toString(sum) + "\n");
        } else if ("-dad".equals(mode)) {
            double sum = db.addDouble(key, TcNumbers.atof(value));
            if (Double.isNaN(sum)) {
                fail(TcError.SUCCESS);
                return false;
            }
            session.console.out(CFormat.fixed6(sum) + "\n");
        } else {
            db.put(key, value);
        }
        return true;
    }
}
