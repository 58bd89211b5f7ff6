package io.countd.tools.tchmgr;

import io.countd.engine.Entry;
import io.countd.engine.HashDatabase;
import io.countd.tools.tc.TcNumbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code list [-nl|-nb] [-m num] [-pv] [-px] [-fm str] path}: prints keys (with {@code -pv} also
 * values) in physical order, one record per line.
 *
 * <p>TC's quirks are kept: the iteration ends silently, with success, at the first record it cannot
 * read, so a damaged file lists its readable prefix; {@code -m} is checked after printing, so
 * {@code -m 0} prints one record, while with {@code -fm} (a key-prefix search that collects keys
 * first, then fetches values one by one) {@code -m 0} prints none.
 */
final class ListCommand extends DatabaseCommand {
    ListCommand(Session session) {
        super(session);
    }

    @Override
    Opener opener() {
        return new Opener(path, Opener.Mode.READER).locking(cl);
    }

    @Override
    boolean operate(HashDatabase db) {
        int max = -1;
        int m = cl.operand("-m");
        if (m >= 0) {
            max = (int) TcNumbers.atoix(cl.args.bytes(m));
        }
        boolean values = cl.has("-pv");
        boolean hex = cl.has("-px");
        int fm = cl.operand("-fm");
        if (fm >= 0) {
            listPrefix(db, cl.args.bytes(fm), max, values, hex);
        } else {
            listAll(db, max, values, hex);
        }
        return true;
    }

    private void listAll(HashDatabase db, int max, boolean values, boolean hex) {
        db.iterInit();
        int count = 0;
        while (true) {
            Entry e;
            try {
                e = db.iterNextEntry(); // TC reads (and decodes) values even when it does not print them
            } catch (RuntimeException unreadable) {
                return;
            }
            if (e == null) {
                return;
            }
            RecordPrinter.line(session.console, e.key(), values ? e.value() : null, hex);
            if (max >= 0 && ++count >= max) {
                return;
            }
        }
    }

    private void listPrefix(HashDatabase db, byte[] prefix, int max, boolean values, boolean hex) {
        List<byte[]> keys = new ArrayList<>();
        int limit = max < 0 ? Integer.MAX_VALUE : max;
        // Like TC's fwmkeys: a key-only scan that keeps what it found when it meets damage.
        db.iterInit();
        while (keys.size() < limit) {
            byte[] key;
            try {
                key = db.iterNext();
            } catch (RuntimeException unreadable) {
                break;
            }
            if (key == null) {
                break;
            }
            if (key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
                keys.add(key);
            }
        }
        for (byte[] key : keys) {
            byte[] value = null;
            if (values) {
                try {
                    value = db.get(key);
                } catch (RuntimeException unreadable) {
                    value = null;
                }
            }
            RecordPrinter.line(session.console, key, value, hex);
        }
    }
}
