package io.countd.tools.tchtest;

import io.countd.engine.HashDatabase;
import io.countd.engine.Option;
import io.countd.engine.ValueCodec;
import io.countd.tools.tc.TcNumbers;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed {@code tchtest} command line, read as the C program reads it: options only before the
 * path, each subcommand accepting only its own, numbers as TC's {@code tcatoix} reads them.
 */
final class CommandLine {
    /** Open-mode bits as the C program prints them in {@code omode=}. */
    private static final int OMODE_NOLOCK = 16;
    private static final int OMODE_NONBLOCKING = 32;

    private static final List<String> WRITE_OPTIONS = List.of("-mt", "-tl", "-td", "-tb", "-tt", "-tx", "-rc", "-xm",
            "-df", "-nl", "-nb", "-as", "-rnd", "-le", "-be");
    private static final List<String> READ_OPTIONS = List.of("-mt", "-rc", "-xm", "-df", "-nl", "-nb", "-wb", "-rnd");
    private static final List<String> REMOVE_OPTIONS = List.of("-mt", "-rc", "-xm", "-df", "-nl", "-nb", "-rnd");

    final String subcommand;
    boolean mt;
    int opts;
    int rcnum;
    int xmsiz = -1;
    int dfunit;
    int omode;
    boolean as;
    boolean rnd;
    boolean wb;
    /** The byte order of a file {@code write} creates; not printed, as C has no such option. */
    ByteOrder byteOrder = ByteOrder.BIG_ENDIAN;
    String path;
    /** {@code write}'s record count and tuning; -1 means TC's default. */
    int rnum;
    int bnum = -1;
    int apow = -1;
    int fpow = -1;

    private CommandLine(String subcommand) {
        this.subcommand = subcommand;
    }

    /**
     * Parses {@code argv} ({@code argv[0]} the program name, {@code argv[1]} the subcommand).
     *
     * @throws UsageException when C's {@code tchtest} would print its usage
     */
    static CommandLine parse(String[] argv) {
        if (argv.length < 2) {
            throw new UsageException();
        }
        CommandLine c = new CommandLine(argv[1]);
        String[] positional = switch (c.subcommand) {
            case "write" -> c.options(argv, WRITE_OPTIONS, 4);
            case "read" -> c.options(argv, READ_OPTIONS, 0);
            case "remove" -> c.options(argv, REMOVE_OPTIONS, 0);
            default -> throw new UsageException();
        };
        if (c.subcommand.equals("write")) {
            if (positional[0] == null) {
                throw new UsageException();
            }
            c.rnum = (int) parseNumber(positional[0]);
            if (c.rnum < 1) {
                throw new UsageException();
            }
            c.bnum = positional[1] != null ? (int) parseNumber(positional[1]) : -1;
            c.apow = positional[2] != null ? (int) parseNumber(positional[2]) : -1;
            c.fpow = positional[3] != null ? (int) parseNumber(positional[3]) : -1;
        }
        return c;
    }

    /** Reads the options, the path and up to {@code maxPositional} further arguments (null where absent). */
    private String[] options(String[] argv, List<String> allowed, int maxPositional) {
        String[] positional = new String[maxPositional];
        int positionals = 0;
        for (int i = 2; i < argv.length; i++) {
            String a = argv[i];
            if (path == null && a.startsWith("-")) {
                if (!allowed.contains(a)) {
                    throw new UsageException();
                }
                switch (a) {
                    case "-mt" -> mt = true;
                    case "-tl" -> opts |= Option.LARGE.bit();
                    case "-td" -> opts |= Option.DEFLATE.bit();
                    case "-tb" -> opts |= Option.BZIP.bit();
                    case "-tt" -> opts |= Option.TCBS.bit();
                    case "-tx" -> opts |= Option.EXCODEC.bit();
                    case "-rc" -> rcnum = (int) parseNumber(value(argv, ++i));
                    case "-xm" -> xmsiz = (int) parseNumber(value(argv, ++i));
                    case "-df" -> dfunit = (int) parseNumber(value(argv, ++i));
                    case "-nl" -> omode |= OMODE_NOLOCK;
                    case "-nb" -> omode |= OMODE_NONBLOCKING;
                    case "-as" -> as = true;
                    case "-rnd" -> rnd = true;
                    case "-wb" -> wb = true;
                    case "-le" -> byteOrder = ByteOrder.LITTLE_ENDIAN;
                    case "-be" -> byteOrder = ByteOrder.BIG_ENDIAN;
                    default -> throw new UsageException();
                }
            } else if (path == null) {
                path = a;
            } else if (positionals < maxPositional) {
                positional[positionals++] = a;
            } else {
                throw new UsageException();
            }
        }
        if (path == null) {
            throw new UsageException();
        }
        return positional;
    }

    private static String value(String[] argv, int i) {
        if (i >= argv.length) {
            throw new UsageException();
        }
        return argv[i];
    }

    /** The builder every test starts from: locking, mapping, defragmentation and the identity codec. */
    HashDatabase.Builder builder() {
        HashDatabase.Builder b = HashDatabase.builder(Path.of(path)).codec(ValueCodec.identity()).defragUnit(dfunit);
        if (xmsiz >= 0) {
            b.mappedSize(xmsiz);
        }
        if ((omode & OMODE_NOLOCK) != 0) {
            b.noLock();
        }
        if ((omode & OMODE_NONBLOCKING) != 0) {
            b.lockNonBlocking();
        }
        return b;
    }

    /** A number as Tokyo Cabinet's tools parse it ({@code tcatoix}). */
    static long parseNumber(String s) {
        return TcNumbers.atoix(s.getBytes(nativeCharset()));
    }

    /** The charset Java decoded the command line and environment with, to recover their bytes. */
    static Charset nativeCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name()));
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }
}
