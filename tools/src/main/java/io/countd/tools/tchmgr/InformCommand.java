package io.countd.tools.tchmgr;

import io.countd.engine.DatabaseInfo;
import io.countd.engine.HashDatabase;
import io.countd.engine.RawHeader;
import io.countd.engine.Option;
import io.countd.engine.TcError;
import io.countd.tools.tc.StandardOffset;
import io.countd.tools.tc.W3cDate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * {@code inform [-nl|-nb] path}: prints the header and tuning of a database, in TC's words and
 * order. The modification time is the file's at open, at the zone's standard offset (see
 * {@link StandardOffset}); "used bucket number" is printed because Debian's build has TC's debug
 * counters enabled.
 */
final class InformCommand extends DatabaseCommand {
    private static final String[] TYPES = {"hash", "btree", "fixed", "table"};

    InformCommand(Session session) {
        super(session);
    }

    @Override
    Opener opener() {
        return new Opener(path, Opener.Mode.READER).locking(cl).unvalidatedHeaders();
    }

    @Override
    boolean operate(HashDatabase db) {
        DatabaseInfo info = db.info();
        int opts = Option.toBits(info.options());
        int flags = (info.open() ? 1 : 0) | (info.fatal() ? 2 : 0);
        print(0, flags, info.bucketCount(), info.usedBuckets(), info.alignment(), info.freeBlockPoolCapacity(),
                info.inode(), info.modified().toInstant().getEpochSecond(), opts, info.recordCount(),
                info.fileSize());
        return true;
    }

    @Override
    int openFailed(RuntimeException e) {
        if (e instanceof Opener.UnvalidatedHeaderException u) {
            return informUnvalidated(u.header());
        }
        return super.openFailed(e);
    }

    /** {@code -nl} on a header TC would not accept: TC prints whatever the header says. */
    private int informUnvalidated(RawHeader h) {
        long inode;
        long mtime;
        try {
            Map<String, Object> a = Files.readAttributes(path.path(), "unix:ino,lastModifiedTime");
            inode = ((Number) a.get("ino")).longValue();
            mtime = ((FileTime) a.get("lastModifiedTime")).toInstant().getEpochSecond();
        } catch (IOException | RuntimeException e) {
            session.report(null, TcError.STAT);
            return 1;
        }
        // TC computes 1 << power in a 32-bit int; x86 uses the low five bits of the shift count.
        long align = Integer.toUnsignedLong(1 << h.alignmentPower());
        long pool = Integer.toUnsignedLong(1 << h.freeBlockPoolPower());
        print(h.type(), h.flags(), h.bucketCount(), h.usedBuckets(), align, pool, inode, mtime,
                h.options(), h.recordCount(), h.fileSize());
        return 0;
    }

    private void print(int type, int flags, long buckets, long used, long align, long pool, long inode, long mtime,
            int opts, long records, long size) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(512);
        b.writeBytes(Session.ascii("path: "));
        b.writeBytes(path.raw());
        StringBuilder sb = new StringBuilder(400);
        sb.append("\ndatabase type: ").append(type < TYPES.length ? TYPES[type] : "(unknown)");
        sb.append("\nadditional flags:");
        if ((flags & 1) != 0) {
            sb.append(" open");
        }
        if ((flags & 2) != 0) {
            sb.append(" fatal");
        }
        sb.append("\nbucket number: ").append(Long.toUnsignedString(buckets));
        sb.append("\nused bucket number: ").append(used);
        sb.append("\nalignment: ").append(align);
        sb.append("\nfree block pool: ").append(pool);
        sb.append("\ninode number: ").append(inode);
        sb.append("\nmodified time: ").append(W3cDate.format(mtime, StandardOffset.current()));
        sb.append("\noptions:");
        String[] names = {" large", " deflate", " bzip", " tcbs", " excodec"};
        for (int i = 0; i < names.length; i++) {
            if ((opts & (1 << i)) != 0) {
                sb.append(names[i]);
            }
        }
        sb.append("\nrecord number: ").append(Long.toUnsignedString(records));
        sb.append("\nfile size: ").append(Long.toUnsignedString(size)).append('\n');
        b.writeBytes(Session.ascii(sb.toString()));
        session.console.out(b.toByteArray());
    }
}
