package io.countd.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import io.countd.tools.tchmgr.TchmgrMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the command line: random argument lists (subcommands and junk words,
 * options valid and not for the subcommand, hexadecimal keys of odd length with blanks and
 * non-hex characters, numbers out of range, paths of every kind: missing, a folder, empty, with
 * a trailing slash or doubled slashes, absolute, a file that is no database) run through Debian's
 * {@code tchmgr} and through ours, from the same folder state each time: standard output,
 * standard error, exit status and the folder's files must be the same. Both are given the same
 * program name. Left out: {@code version} and this project's additions (intended differences),
 * {@code importtsv} (it would read standard input), and {@code -nl} on a file that is no database
 * (a documented difference). Databases written with {@code -tb} are compared by their listing, as
 * in the comparison vectors.
 *
 * <p>{@code -Dcli.cases=N} sets the number of argument lists (1,000 by default).
 */
class TchmgrArgumentFuzzTest {
    private static final String[] SUBCOMMANDS = {"create", "inform", "put", "out", "get", "list", "optimize",
        "Create", "lis", "put ", "", "-v", "--help"};
    private static final String[] OPTIONS = {"-tl", "-td", "-tb", "-tt", "-tx", "-tz", "-nb", "-sx", "-dk", "-dc",
        "-dai", "-dad", "-px", "-pz", "-pv", "-df", "-sc", "-m", "-fm", "-x", "--", "-", "-nlx", "-PX"};
    private static final String[] NUMBERS = {"0", "1", "-1", "7", "1021", "99999999999999999999", "4g", "2g", "1.5k",
        "0x10", " 12", "12abc", "-2147483649", "1e3", "", "17", "16", "21", "256", "-129"};

    @Test
    void randomArgumentListsGiveTheSameResultsAsDebiansTool() throws IOException {
        TcOracle.requireBinaries();
        Path cTool = TcOracle.onPath("tchmgr").toAbsolutePath();
        Path scratch = Path.of("target", "clifuzz").toAbsolutePath();
        TchmgrComparisonIT.deleteTree(scratch);
        Files.createDirectories(scratch.resolve("dir"));
        Path template = scratch.resolve("template.tch");
        TcOracle.runOk(scratch, cTool.toString(), "create", "template.tch", "7");
        for (int i = 0; i < 20; i++) {
            TcOracle.runOk(scratch, cTool.toString(), "put", "template.tch", "k" + i, "v".repeat(i * 7));
        }
        TcOracle.runOk(scratch, cTool.toString(), "out", "template.tch", "k3");
        byte[] db = Files.readAllBytes(template);
        Files.delete(template);
        String rel = Path.of("").toAbsolutePath().relativize(scratch).toString();
        String[] paths = {rel + "/db", rel + "/db", rel + "/db", rel + "/missing", rel + "/dir", "", rel + "/db/",
            rel + "//db", scratch.resolve("db").toString(), rel + "/text", rel + "/dir/new", rel + "/missing/x",
            "./" + rel + "/db"};
        int cases = Integer.getInteger("cli.cases", 1000);
        Random r = new Random(Long.getLong("cli.seed", 1));
        List<String> failures = new ArrayList<>();
        for (int n = 0; n < cases && failures.size() < 5; n++) {
            List<byte[]> args = arguments(r, paths, rel);
            boolean bzip = args.stream().anyMatch(a -> new String(a, StandardCharsets.ISO_8859_1).equals("-tb"));
            reset(scratch, db);
            ProcessResult c = runC(cTool, args);
            Map<String, String> cFiles = snapshot(scratch, cTool, bzip);
            reset(scratch, db);
            ProcessResult j = runJava(cTool, args);
            Map<String, String> jFiles = snapshot(scratch, cTool, bzip);
            if (!CaseRunner.sameAsC(c, j) || !cFiles.equals(jFiles)) {
                failures.add("case " + n + ": " + describe(args) + "\n  C:    " + CaseRunner.show(c) + " " + cFiles
                        + "\n  Java: " + CaseRunner.show(j) + " " + jFiles);
            }
        }
        System.err.println("TchmgrArgumentFuzzTest: " + cases + " argument lists, " + failures.size() + " differing");
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }

    private static List<byte[]> arguments(Random r, String[] paths, String rel) {
        List<String> a = new ArrayList<>();
        String sub = r.nextInt(10) == 0 ? SUBCOMMANDS[r.nextInt(SUBCOMMANDS.length)]
                : SUBCOMMANDS[r.nextInt(7)];
        if (r.nextInt(30) != 0) {
            a.add(sub);
        }
        String path = paths[r.nextInt(paths.length)];
        boolean database = path.endsWith("/db") && !path.endsWith("//db") || path.equals(paths[8]);
        for (int i = r.nextInt(4); i > 0; i--) {
            String o = OPTIONS[r.nextInt(OPTIONS.length)];
            a.add(o);
            if ((o.equals("-m") || o.equals("-fm")) && r.nextInt(6) != 0) {
                a.add(o.equals("-m") ? NUMBERS[r.nextInt(NUMBERS.length)] : word(r));
            }
        }
        if (database && r.nextInt(8) == 0) {
            a.add("-nl");
        }
        // Always a path: a word in its place could name a file outside the scratch folder, where
        // both tools run.
        a.add(path);
        for (int i = r.nextInt(4); i > 0; i--) {
            a.add(r.nextBoolean() ? word(r) : NUMBERS[r.nextInt(NUMBERS.length)]);
        }
        List<byte[]> bytes = new ArrayList<>();
        for (String s : a) {
            bytes.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }
        return bytes;
    }

    /** A key or value: plain, hexadecimal of any length with blanks and non-hex characters, or odd bytes. */
    private static String word(Random r) {
        String alphabet = switch (r.nextInt(4)) {
            case 0 -> "0123456789abcdef";
            case 1 -> "0123456789ABCDEFxyz \t:";
            case 2 -> "kv0123";
            default -> "-=%\u00e9\u00ff\u0001 ";
        };
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(9); i > 0; i--) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** The same starting files, same inode and modification time, for each run. */
    private static void reset(Path scratch, byte[] db) throws IOException {
        try (Stream<Path> s = Files.list(scratch)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.equals("db") && !name.equals("dir")) {
                    TchmgrComparisonIT.deleteTree(p);
                }
            }
        }
        try (Stream<Path> s = Files.list(scratch.resolve("dir"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                TchmgrComparisonIT.deleteTree(p);
            }
        }
        Files.write(scratch.resolve("db"), db);
        Files.writeString(scratch.resolve("text"), "not a database\n");
        Files.setLastModifiedTime(scratch.resolve("db"), FileTime.fromMillis(1_600_000_000_000L));
    }

    private static ProcessResult runC(Path cTool, List<byte[]> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add("-c");
        StringBuilder script = new StringBuilder("exec env -u TCDBGFD ").append(cTool);
        for (byte[] a : args) {
            script.append(' ').append(CaseRunner.bashQuote(a));
        }
        script.append(" </dev/null");
        cmd.add(script.toString());
        return TcOracle.run(Path.of("").toAbsolutePath(), 60, Map.of(), null, cmd.toArray(new String[0]));
    }

    private static ProcessResult runJava(Path cTool, List<byte[]> args) {
        List<byte[]> all = new ArrayList<>();
        all.add(cTool.toString().getBytes(StandardCharsets.ISO_8859_1));
        all.addAll(args);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TchmgrMain.run(RawArguments.ofBytes(all.toArray(new byte[0][])), new Console(out, err));
        return new ProcessResult(status, out.toByteArray(), err.toByteArray());
    }

    /**
     * The files under {@code scratch}, each by a digest of its bytes; with {@code bzip}, databases by
     * what Debian's tool lists from them, since this engine's bzip2 encoder writes other (equally
     * valid) streams than libbzip2 (format-spec/tchmgr.md, comparison vectors).
     */
    private static Map<String, String> snapshot(Path scratch, Path cTool, boolean bzip) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(scratch)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    String name = scratch.relativize(p).toString().replaceAll("\\.tmp\\.\\d+$", ".tmp.N");
                    byte[] bytes = Files.readAllBytes(p);
                    boolean database = bytes.length > 13
                            && new String(bytes, 0, 13, StandardCharsets.ISO_8859_1).equals("ToKyO CaBiNeT");
                    if (bzip && database) {
                        ProcessResult list = TcOracle.run(scratch, 60, cTool.toString(), "list", "-pv", "-px",
                                scratch.relativize(p).toString());
                        files.put(name, "listing " + digest(list.stdout()) + " exit " + list.exitCode());
                    } else {
                        files.put(name, digest(bytes));
                    }
                }
            }
        }
        return files;
    }

    private static String digest(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b)).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(List<byte[]> args) {
        StringBuilder sb = new StringBuilder("tchmgr");
        for (byte[] a : args) {
            sb.append(" '").append(ComparisonCases.escape(a)).append('\'');
        }
        return sb.toString();
    }
}
