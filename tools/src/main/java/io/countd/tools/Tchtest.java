package io.countd.tools;

import io.countd.engine.HashDatabase;
import io.countd.engine.Option;
import io.countd.engine.TcError;
import io.countd.engine.TcException;
import io.countd.engine.ValueCodec;
import io.countd.tools.tc.TcNumbers;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark driver with the command line and the report of Tokyo Cabinet's {@code tchtest}
 * ({@code write}, {@code read} and {@code remove}), running the same workloads through the Java
 * engine, so that runs of both can be timed side by side and their files compared byte for byte.
 *
 * <p>The workload: keys and values are the record number printed as {@code %08d}; {@code write}
 * stores records 1..rnum into a new file, {@code read} fetches records 1..rnum of an existing file
 * (rnum taken from the file), {@code remove} deletes them. With {@code -rnd} each record number is
 * drawn at random below rnum instead (glibc's generator, seeded from {@code TCRNDSEED}, as the C
 * program draws them) and {@code write} keeps the file's existing records.
 *
 * <p>{@code format-spec/tchtest.md} describes the arguments, the output and every difference from
 * the C program. {@code args[0]} is the program name to print (the launcher passes its own name).
 */
public final class Tchtest {
    // The line numbers Debian's tchtest 1.4.48 prints in its error lines for the same calls, so that
    // error output of both programs compares equal.
    private static final int LINE_WRITE_OPEN = 609;
    private static final int LINE_WRITE_PUT_ASYNC = 617;
    private static final int LINE_WRITE_PUT = 623;
    private static final int LINE_WRITE_CLOSE = 638;
    private static final int LINE_READ_OPEN = 678;
    private static final int LINE_READ_GET_BUFFER = 690;
    private static final int LINE_READ_GET = 697;
    private static final int LINE_READ_CLOSE = 713;
    private static final int LINE_REMOVE_OPEN = 753;
    private static final int LINE_REMOVE_OUT = 761;
    private static final int LINE_REMOVE_CLOSE = 775;

    /** Open-mode bits as the C program prints them in {@code omode=}. */
    private static final int OMODE_NOLOCK = 16;
    private static final int OMODE_NONBLOCKING = 32;

    private final String[] argv;
    private final String prog;
    private final PrintStream out;
    private final PrintStream err;
    private final int seed;
    private final GlibcRandom random;
    private final KeyFormatter keys = new KeyFormatter();

    /** The handle under test and TC's error bookkeeping for it. */
    private HashDatabase db;
    private String dbPath;
    private int ecode = TcError.SUCCESS.code();
    private boolean fatal;

    private Tchtest(String[] argv, PrintStream out, PrintStream err, Map<String, String> env) {
        this.argv = argv;
        this.prog = argv.length > 0 ? argv[0] : "tchtest";
        this.out = out;
        this.err = err;
        String s = env.get("TCRNDSEED");
        this.seed = s != null ? (int) parseNumber(s) : (int) System.currentTimeMillis();
        this.random = new GlibcRandom(seed);
    }

    public static void main(String[] args) {
        Charset cs = nativeCharset();
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                false, cs);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, cs);
        int rc = run(args, out, err, System.getenv());
        out.flush();
        err.flush();
        System.exit(rc);
    }

    /**
     * Runs one command: {@code argv[0]} is the program name, {@code argv[1]} the subcommand.
     *
     * @return the exit status: 0 on success, 1 on a usage error or a failed test
     */
    static int run(String[] argv, PrintStream out, PrintStream err, Map<String, String> env) {
        Tchtest t = new Tchtest(argv, out, err, env);
        int rc;
        try {
            if (argv.length < 2) {
                throw new UsageException();
            }
            rc = switch (argv[1]) {
                case "write" -> t.runWrite();
                case "read" -> t.runRead();
                case "remove" -> t.runRemove();
                default -> throw new UsageException();
            };
        } catch (UsageException e) {
            t.usage();
            return 1;
        }
        if (rc != 0) {
            StringBuilder line = new StringBuilder("FAILED: TCRNDSEED=").append(Integer.toUnsignedString(t.seed))
                    .append(" PID=").append(ProcessHandle.current().pid());
            for (String a : argv) {
                line.append(' ').append(a);
            }
            out.print(line.append("\n\n"));
        }
        out.flush();
        return rc;
    }

    private void usage() {
        err.print(prog + ": tchtest-compatible benchmark driver of the countd hash database engine\n"
                + "\n"
                + "usage:\n"
                + "  " + prog + " write [-mt] [-tl] [-td|-tb|-tt|-tx] [-rc num] [-xm num] [-df num] [-nl|-nb] [-as] [-rnd]"
                + " path rnum [bnum [apow [fpow]]]\n"
                + "  " + prog + " read [-mt] [-rc num] [-xm num] [-df num] [-nl|-nb] [-wb] [-rnd] path\n"
                + "  " + prog + " remove [-mt] [-rc num] [-xm num] [-df num] [-nl|-nb] [-rnd] path\n"
                + "\n");
        err.flush();
    }

    // ------------------------------------------------------------------ argument parsing

    /** The options the three subcommands share, as the C program keeps them. */
    private static final class Common {
        boolean mt;
        int opts;
        int rcnum;
        int xmsiz = -1;
        int dfunit;
        int omode;
        boolean as;
        boolean rnd;
        boolean wb;
        String path;
        final String[] positional = new String[4];
        int positionals;
    }

    /**
     * Parses options (only before the path, as the C program does), the path and up to
     * {@code maxPositional} further arguments; {@code allowed} lists the flags of the subcommand.
     */
    private Common parse(String allowed, int maxPositional) {
        Common c = new Common();
        for (int i = 2; i < argv.length; i++) {
            String a = argv[i];
            if (c.path == null && a.startsWith("-")) {
                if (!(" " + allowed + " ").contains(" " + a + " ")) {
                    throw new UsageException();
                }
                switch (a) {
                    case "-mt" -> c.mt = true;
                    case "-tl" -> c.opts |= Option.LARGE.bit();
                    case "-td" -> c.opts |= Option.DEFLATE.bit();
                    case "-tb" -> c.opts |= Option.BZIP.bit();
                    case "-tt" -> c.opts |= Option.TCBS.bit();
                    case "-tx" -> c.opts |= Option.EXCODEC.bit();
                    case "-rc" -> c.rcnum = (int) parseNumber(value(++i));
                    case "-xm" -> c.xmsiz = (int) parseNumber(value(++i));
                    case "-df" -> c.dfunit = (int) parseNumber(value(++i));
                    case "-nl" -> c.omode |= OMODE_NOLOCK;
                    case "-nb" -> c.omode |= OMODE_NONBLOCKING;
                    case "-as" -> c.as = true;
                    case "-rnd" -> c.rnd = true;
                    case "-wb" -> c.wb = true;
                    default -> throw new UsageException();
                }
            } else if (c.path == null) {
                c.path = a;
            } else if (c.positionals < maxPositional) {
                c.positional[c.positionals++] = a;
            } else {
                throw new UsageException();
            }
        }
        if (c.path == null) {
            throw new UsageException();
        }
        return c;
    }

    private String value(int i) {
        if (i >= argv.length) {
            throw new UsageException();
        }
        return argv[i];
    }

    private int runWrite() {
        Common c = parse("-mt -tl -td -tb -tt -tx -rc -xm -df -nl -nb -as -rnd", 4);
        if (c.positionals < 1) {
            throw new UsageException();
        }
        int rnum = (int) parseNumber(c.positional[0]);
        if (rnum < 1) {
            throw new UsageException();
        }
        int bnum = c.positionals > 1 ? (int) parseNumber(c.positional[1]) : -1;
        int apow = c.positionals > 2 ? (int) parseNumber(c.positional[2]) : -1;
        int fpow = c.positionals > 3 ? (int) parseNumber(c.positional[3]) : -1;
        return write(c, rnum, bnum, apow, fpow);
    }

    private int runRead() {
        return read(parse("-mt -rc -xm -df -nl -nb -wb -rnd", 0));
    }

    private int runRemove() {
        return remove(parse("-mt -rc -xm -df -nl -nb -rnd", 0));
    }

    // ------------------------------------------------------------------ the tests

    private int write(Common c, int rnum, int bnum, int apow, int fpow) {
        iprint("<Writing Test>\n  seed=" + Integer.toUnsignedString(seed) + "  path=" + c.path + "  rnum=" + rnum
                + "  bnum=" + bnum + "  apow=" + apow + "  fpow=" + fpow + "  mt=" + bit(c.mt) + "  opts=" + c.opts
                + "  rcnum=" + c.rcnum + "  xmsiz=" + c.xmsiz + "  dfunit=" + c.dfunit + "  omode=" + c.omode
                + "  as=" + bit(c.as) + "  rnd=" + bit(c.rnd) + "\n\n");
        boolean failed = false;
        long start = System.nanoTime();
        HashDatabase.Builder b = builder(c).buckets(bnum).alignmentPower(apow).freeBlockPoolPower(fpow)
                .options(Option.fromBits(c.opts).toArray(new Option[0]));
        if (!c.rnd) {
            b.truncate();
        }
        if (!open(b, c.path, LINE_WRITE_OPEN)) {
            failed = true;
        }
        // -as: the engine has no delayed-write pool; the puts are synchronous (see the spec).
        int putLine = c.as ? LINE_WRITE_PUT_ASYNC : LINE_WRITE_PUT;
        int tick = rnum / 250;
        for (int i = 1; i <= rnum; i++) {
            byte[] key = keys.format(c.rnd ? random.below(rnum) + 1 : i);
            if (db == null) {
                failed = failClosed(putLine, "tchdbput");
                break;
            }
            try {
                db.put(key, key);
            } catch (RuntimeException e) {
                failed = fail(e, putLine, "tchdbput");
                break;
            }
            if (rnum > 250 && i % tick == 0) {
                progress(i, rnum);
            }
        }
        return finish(LINE_WRITE_CLOSE, start, failed);
    }

    private int read(Common c) {
        iprint("<Reading Test>\n  seed=" + Integer.toUnsignedString(seed) + "  path=" + c.path + "  mt=" + bit(c.mt)
                + "  rcnum=" + c.rcnum + "  xmsiz=" + c.xmsiz + "  dfunit=" + c.dfunit + "  omode=" + c.omode
                + "  wb=" + bit(c.wb) + "  rnd=" + bit(c.rnd) + "\n\n");
        boolean failed = false;
        long start = System.nanoTime();
        if (!open(builder(c).readOnly(), c.path, LINE_READ_OPEN)) {
            failed = true;
        }
        int rnum = (int) recordCount();
        int line = c.wb ? LINE_READ_GET_BUFFER : LINE_READ_GET;
        String func = c.wb ? "tchdbget3" : "tchdbget";
        int tick = rnum / 250;
        for (int i = 1; i <= rnum; i++) {
            byte[] key = keys.format(c.rnd ? random.below(rnum) + 1 : i);
            byte[] value;
            try {
                value = db.get(key);
            } catch (RuntimeException e) {
                failed = fail(e, line, func);
                break;
            }
            if (value == null) {
                setError(TcError.NOREC);
                if (!c.rnd) {
                    failed = report(line, func);
                    break;
                }
            }
            if (rnum > 250 && i % tick == 0) {
                progress(i, rnum);
            }
        }
        return finish(LINE_READ_CLOSE, start, failed);
    }

    private int remove(Common c) {
        iprint("<Removing Test>\n  seed=" + Integer.toUnsignedString(seed) + "  path=" + c.path + "  mt=" + bit(c.mt)
                + "  rcnum=" + c.rcnum + "  xmsiz=" + c.xmsiz + "  dfunit=" + c.dfunit + "  omode=" + c.omode
                + "  rnd=" + bit(c.rnd) + "\n\n");
        boolean failed = false;
        long start = System.nanoTime();
        if (!open(builder(c).create(false), c.path, LINE_REMOVE_OPEN)) {
            failed = true;
        }
        int rnum = (int) recordCount();
        int tick = rnum / 250;
        for (int i = 1; i <= rnum; i++) {
            byte[] key = keys.format(c.rnd ? random.below(rnum) + 1 : i);
            boolean removed;
            try {
                removed = db.remove(key);
            } catch (RuntimeException e) {
                failed = fail(e, LINE_REMOVE_OUT, "tchdbout");
                break;
            }
            if (!removed) {
                setError(TcError.NOREC);
                if (!c.rnd) {
                    failed = report(LINE_REMOVE_OUT, "tchdbout");
                    break;
                }
            }
            if (rnum > 250 && i % tick == 0) {
                progress(i, rnum);
            }
        }
        return finish(LINE_REMOVE_CLOSE, start, failed);
    }

    /** The builder every subcommand starts from: locking, mapping, defragmentation and the codec. */
    private static HashDatabase.Builder builder(Common c) {
        HashDatabase.Builder b = HashDatabase.builder(Path.of(c.path)).codec(ValueCodec.identity()).defragUnit(c.dfunit);
        if (c.xmsiz >= 0) {
            b.mappedSize(c.xmsiz);
        }
        if ((c.omode & OMODE_NOLOCK) != 0) {
            b.noLock();
        }
        if ((c.omode & OMODE_NONBLOCKING) != 0) {
            b.lockNonBlocking();
        }
        return b;
    }

    private boolean open(HashDatabase.Builder b, String path, int line) {
        try {
            db = b.open();
            dbPath = path;
            return true;
        } catch (InvalidPathException e) {
            setError(TcError.NOFILE);
        } catch (TcException e) {
            setError(e.error());
        } catch (RuntimeException e) {
            setError(TcError.MISC);
        }
        eprint(line, "tchdbopen");
        return false;
    }

    private long recordCount() {
        return db == null ? 0 : db.count();
    }

    /** The report after the loop, the close, the time and the verdict; returns the exit status. */
    private int finish(int closeLine, long start, boolean failed) {
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
        iprint("record number: " + rnum + "\n");
        iprint("size: " + fsiz + "\n");
        iprint("bucket number: " + bnum + "\n");
        iprint("used bucket number: " + used + "\n");
        for (Map.Entry<String, String> e : ProcessReport.collect().entrySet()) {
            iprint("sys_" + e.getKey() + ": " + e.getValue() + "\n");
        }
        if (db == null) {
            failed |= failClosed(closeLine, "tchdbclose");
        } else {
            HashDatabase h = db;
            db = null;
            dbPath = null;
            try {
                h.close();
            } catch (RuntimeException e) {
                failed |= fail(e, closeLine, "tchdbclose");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        iprint(String.format(Locale.ROOT, "time: %.3f\n", seconds));
        iprint((failed ? "error" : "ok") + "\n\n");
        return failed ? 1 : 0;
    }

    private void progress(int i, int rnum) {
        out.print('.');
        if (i == rnum || i % (rnum / 10) == 0) {
            out.print(" (" + keys.text(i) + ")\n");
        }
        out.flush();
    }

    // ------------------------------------------------------------------ errors as TC reports them

    /**
     * Records an error as TC's handle does: the code sticks once a fatal error has occurred, so later
     * failures of the same handle report the first fatal one.
     */
    private void setError(TcError error) {
        if (!fatal) {
            ecode = error.code();
        }
        if (error.isFatal()) {
            fatal = true;
        }
    }

    private boolean fail(RuntimeException e, int line, String func) {
        setError(e instanceof TcException t ? t.error() : TcError.MISC);
        return report(line, func);
    }

    /** An operation on a handle that is not open: TC's invalid operation. */
    private boolean failClosed(int line, String func) {
        setError(TcError.INVALID);
        return report(line, func);
    }

    private boolean report(int line, String func) {
        eprint(line, func);
        return true;
    }

    private void eprint(int line, String func) {
        out.flush();
        err.print(prog + ": " + (dbPath != null ? dbPath : "-") + ": " + line + ": " + func + ": error: " + ecode
                + ": " + TcError.of(ecode).message() + "\n");
        err.flush();
    }

    /** Prints and flushes at once, as the C program's progress output does. */
    private void iprint(String s) {
        out.print(s);
        out.flush();
    }

    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    /** A number as Tokyo Cabinet's tools parse it ({@code tcatoix}). */
    static long parseNumber(String s) {
        return TcNumbers.atoix(s.getBytes(nativeCharset()));
    }

    private static Charset nativeCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    /** A malformed command line: the usage text is printed and the exit status is 1. */
    private static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException() {
            super(null, null, false, false);
        }
    }

    /**
     * Formats record numbers as {@code %08d} into reused arrays: the engine copies keys and values
     * into the file and keeps no reference to them.
     */
    private static final class KeyFormatter {
        private final byte[][] byLength = new byte[12][];

        /** The decimal digits of a non-negative {@code n}, zero-padded to 8. */
        byte[] format(int n) {
            int len = 8;
            for (long limit = 100_000_000L; n >= limit; limit *= 10) {
                len++;
            }
            byte[] b = byLength[len];
            if (b == null) {
                b = new byte[len];
                byLength[len] = b;
            }
            for (int p = len - 1; p >= 0; p--) {
                b[p] = (byte) ('0' + n % 10);
                n /= 10;
            }
            return b;
        }

        String text(int n) {
            return new String(format(n), java.nio.charset.StandardCharsets.US_ASCII);
        }
    }
}
