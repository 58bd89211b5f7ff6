package io.countd.tools.tchtest;

import io.countd.engine.HashDatabase;

/**
 * {@code remove}: removes records 1..N of an existing file, N its record count at open; a missing
 * record is an error except with {@code -rnd}.
 */
final class RemoveTest {
    private RemoveTest() {
    }

    /** Runs the test; returns the exit status. */
    static int run(CommandLine c, int seed, RecordLoop loop, Report report) {
        report.print("<Removing Test>\n  seed=" + Integer.toUnsignedString(seed) + "  path=" + c.path + "  mt="
                + Report.flag(c.mt) + "  rcnum=" + c.rcnum + "  xmsiz=" + c.xmsiz + "  dfunit=" + c.dfunit
                + "  omode=" + c.omode + "  rnd=" + Report.flag(c.rnd) + "\n\n");
        TestHandle handle = new TestHandle(report);
        boolean failed = !handle.open(c.builder().create(false), c.path, CallSite.REMOVE_OPEN);
        HashDatabase db = handle.database();
        failed |= loop.run(handle.recordCount(), c.rnd, key -> {
            try {
                if (db.remove(key)) {
                    return false;
                }
            } catch (RuntimeException e) {
                return handle.fail(e, CallSite.REMOVE_OUT);
            }
            handle.noRecord();
            return !c.rnd && handle.report(CallSite.REMOVE_OUT);
        });
        return handle.finish(CallSite.REMOVE_CLOSE, failed);
    }
}
