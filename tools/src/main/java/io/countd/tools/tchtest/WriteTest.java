package io.countd.tools.tchtest;

import io.countd.engine.HashDatabase;
import io.countd.engine.Option;

/**
 * {@code write}: stores records 1..rnum (value = key) into a new file, or with {@code -rnd} at
 * random record numbers into the existing file.
 */
final class WriteTest {
    private WriteTest() {
    }

    /** Runs the test; returns the exit status. */
    static int run(CommandLine c, int seed, RecordLoop loop, Report report) {
        report.print("<Writing Test>\n  seed=" + Integer.toUnsignedString(seed) + "  path=" + c.path + "  rnum="
                + c.rnum + "  bnum=" + c.bnum + "  apow=" + c.apow + "  fpow=" + c.fpow + "  mt=" + Report.flag(c.mt)
                + "  opts=" + c.opts + "  rcnum=" + c.rcnum + "  xmsiz=" + c.xmsiz + "  dfunit=" + c.dfunit
                + "  omode=" + c.omode + "  as=" + Report.flag(c.as) + "  rnd=" + Report.flag(c.rnd) + "\n\n");
        TestHandle handle = new TestHandle(report);
        HashDatabase.Builder b = c.builder().buckets(c.bnum).alignmentPower(c.apow).freeBlockPoolPower(c.fpow)
                .options(Option.fromBits(c.opts).toArray(new Option[0])).byteOrder(c.byteOrder);
        if (!c.rnd) {
            b.truncate();
        }
        boolean failed = !handle.open(b, c.path, CallSite.WRITE_OPEN);
        // -as: the engine has no delayed-write pool; the puts are synchronous (see the spec).
        CallSite put = c.as ? CallSite.WRITE_PUT_ASYNC : CallSite.WRITE_PUT;
        HashDatabase db = handle.database();
        failed |= loop.run(c.rnum, c.rnd, key -> {
            if (db == null) {
                return handle.failClosed(put);
            }
            try {
                db.put(key, key);
                return false;
            } catch (RuntimeException e) {
                return handle.fail(e, put);
            }
        });
        return handle.finish(CallSite.WRITE_CLOSE, failed);
    }
}
