package io.countd.tools.tchtest;

import io.countd.engine.HashDatabase;
import java.nio.ByteBuffer;

/**
 * {@code read}: fetches records 1..N of an existing file, N its record count; a missing record is
 * an error except with {@code -rnd}.
 */
final class ReadTest {
    /** The size of C's value buffer with {@code -wb}. */
    private static final int RECBUFSIZ = 48;

    private ReadTest() {
    }

    /** Runs the test; returns the exit status. */
    static int run(CommandLine c, int seed, RecordLoop loop, Report report) {
        report.print("<Reading Test>\n  seed=" + Integer.toUnsignedString(seed) + "  path=" + c.path + "  mt="
                + Report.flag(c.mt) + "  rcnum=" + c.rcnum + "  xmsiz=" + c.xmsiz + "  dfunit=" + c.dfunit
                + "  omode=" + c.omode + "  wb=" + Report.flag(c.wb) + "  rnd=" + Report.flag(c.rnd) + "\n\n");
        TestHandle handle = new TestHandle(report);
        boolean failed = !handle.open(c.builder().readOnly(), c.path, CallSite.READ_OPEN);
        CallSite get = c.wb ? CallSite.READ_GET_BUFFER : CallSite.READ_GET;
        HashDatabase db = handle.database();
        // -wb: C's tchdbget3 into a buffer of RECBUFSIZ bytes; here the engine's copy into a buffer.
        ByteBuffer buffer = c.wb ? ByteBuffer.allocate(RECBUFSIZ) : null;
        failed |= loop.run(handle.recordCount(), c.rnd, key -> {
            try {
                if (buffer != null ? db.get(key, buffer.clear()) >= 0 : db.get(key) != null) {
                    return false;
                }
            } catch (RuntimeException e) {
                return handle.fail(e, get);
            }
            handle.noRecord();
            return !c.rnd && handle.report(get);
        });
        return handle.finish(CallSite.READ_CLOSE, failed);
    }
}
