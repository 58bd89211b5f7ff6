package io.countd.tools.tchmgr;

import io.countd.engine.HashDatabase;
import io.countd.engine.RepairReport;
import io.countd.engine.ValueCodec;

/**
 * {@code repair src dst}, this project's addition: salvages every intact record of a damaged
 * database {@code src} into a new database {@code dst} (created or emptied) and reports, on
 * standard output, what it saved and skipped: {@code saved: N}, {@code skipped records: N}, then
 * {@code skipped bytes: START-END} per unreadable range. {@code src} is only read. Exit status 0
 * when the salvage ran, 1 (with TC's error line) when {@code src} cannot be read or {@code dst}
 * written.
 */
final class RepairCommand {
    private final Session session;

    RepairCommand(Session session) {
        this.session = session;
    }

    int execute() {
        CommandLine cl = session.cl;
        DatabasePath src = new DatabasePath(cl.positionalBytes(0), cl.args.string(cl.positional(0)));
        DatabasePath dst = new DatabasePath(cl.positionalBytes(1), cl.args.string(cl.positional(1)));
        RepairReport report;
        try {
            if (src.openError() != null) {
                throw new io.countd.engine.TcException(src.openError(), src.text());
            }
            if (dst.openError() != null) {
                throw new io.countd.engine.TcException(dst.openError(), dst.text());
            }
            report = HashDatabase.repair(src.path(), dst.path(), ValueCodec.identity());
        } catch (RuntimeException e) {
            session.report(null, e);
            return 1;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("saved: ").append(report.saved()).append('\n');
        sb.append("skipped records: ").append(report.skippedRecords()).append('\n');
        for (long[] r : report.skippedRegions()) {
            sb.append("skipped bytes: ").append(r[0]).append('-').append(r[1]).append('\n');
        }
        session.console.out(sb.toString());
        return 0;
    }
}
