package io.countd.tools.tchtest;

import io.countd.engine.HashDatabase;
import io.countd.engine.TcError;
import io.countd.engine.TcException;
import java.nio.file.InvalidPathException;
import java.util.Locale;
import java.util.Map;

/**
 * The database handle of one test with TC's error bookkeeping for it: every failed call records
 * its error as TC's handle does and prints C's error line; {@link #finish} prints the closing
 * report. A failed open leaves no handle, and the calls that follow fail as they do in C.
 */
final class TestHandle {
    private final Report report;
    private final long start;
    private HashDatabase db;
    private String path;
    private int ecode = TcError.SUCCESS.code();
    private boolean fatal;

    /** A handle whose test started now: {@code time:} counts from here, as C's {@code stime}. */
    TestHandle(Report report) {
        this.report = report;
        this.start = System.nanoTime();
    }

    /** Opens the file; on failure reports it at {@code site} and returns false. */
    boolean open(HashDatabase.Builder builder, String file, CallSite site) {
        try {
            db = builder.open();
            path = file;
            return true;
        } catch (InvalidPathException e) {
            setError(TcError.NOFILE);
        } catch (TcException e) {
            setError(e.error());
        } catch (RuntimeException e) {
            setError(TcError.MISC);
        }
        report.error(site, null, ecode);
        return false;
    }

    /** The open handle, or null after a failed open. */
    HashDatabase database() {
        return db;
    }

    /** The record count, 0 without a handle (C's {@code tchdbrnum} on an unopened handle). */
    int recordCount() {
        return db == null ? 0 : (int) db.count();
    }

    /** A call that threw: records its error and reports it; returns true (the test failed). */
    boolean fail(RuntimeException e, CallSite site) {
        setError(e instanceof TcException t ? t.error() : TcError.MISC);
        return report(site);
    }

    /** A call on a handle that is not open: TC's invalid operation; returns true. */
    boolean failClosed(CallSite site) {
        setError(TcError.INVALID);
        return report(site);
    }

    /** A call that found no record: sets TC's code without reporting (C checks it afterwards). */
    void noRecord() {
        setError(TcError.NOREC);
    }

    /** Reports the handle's current error at {@code site}; returns true. */
    boolean report(CallSite site) {
        report.error(site, path, ecode);
        return true;
    }

    /**
     * The report after the loop: the record count, size and bucket figures, the process's
     * resources, the close, the time and the verdict.
     *
     * @return the exit status
     */
    int finish(CallSite closeSite, boolean failed) {
        long rnum = 0;
        long fsiz = 0;
        long bnum = 0;
        long used = 0;
        if (db != null) {
            try {
                rnum = db.count();
                fsiz = db.fileSize();
                var info = db.info();
                bnum = info.bucketCount();
                used = info.usedBuckets();
            } catch (RuntimeException e) {
                setError(e instanceof TcException t ? t.error() : TcError.MISC);
            }
        }
        report.print("record number: " + rnum + "\n");
        report.print("size: " + fsiz + "\n");
        report.print("bucket number: " + bnum + "\n");
        report.print("used bucket number: " + used + "\n");
        for (Map.Entry<String, String> e : ProcessReport.collect().entrySet()) {
            report.print("sys_" + e.getKey() + ": " + e.getValue() + "\n");
        }
        if (db == null) {
            failed |= failClosed(closeSite);
        } else {
            HashDatabase h = db;
            db = null;
            path = null;
            try {
                h.close();
            } catch (RuntimeException e) {
                failed |= fail(e, closeSite);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        report.print(String.format(Locale.ROOT, "time: %.3f\n", seconds));
        report.print((failed ? "error" : "ok") + "\n\n");
        return failed ? 1 : 0;
    }

    /** Records an error as TC's handle does: the code sticks once a fatal error has occurred. */
    private void setError(TcError error) {
        if (!fatal) {
            ecode = error.code();
        }
        if (error.isFatal()) {
            fatal = true;
        }
    }
}
