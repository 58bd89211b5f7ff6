package io.countd.tools;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one comparison case: the setup once, in folder {@code c}, which is then copied to {@code j};
 * each folder holds a symlink {@code tchmgr}, to Debian's binary in {@code c} and to this project's
 * launcher in {@code j}, and every invocation runs as {@code ./tchmgr} in both, so the program name
 * and every path in the outputs are the same. After each invocation stdout, stderr and exit status
 * must be identical and so must the two folders' files (names, kinds, contents).
 */
final class CaseRunner {
    private static final Pattern TRACE = Pattern.compile("ERROR:tchdb\\.c:\\d+:[^\\n]*\\n");
    private static final Pattern VERSION = Pattern.compile(
            "countd tchmgr \\S+ \\(Tokyo Cabinet 1\\.4\\.48 hash database format, 911:1\\.0\\)\\n");
    private static final Pattern TEMP_NAME = Pattern.compile("\\.tmp\\.\\d+$");
    private static final int TIMEOUT = 120;

    private final ComparisonCases.Case testCase;
    private final Path folder;
    private final Path cTool;
    private final Path javaTool;
    private final LockClient locks;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> digests = new java.util.HashMap<>();

    CaseRunner(ComparisonCases.Case testCase, Path folder, Path cTool, Path javaTool, LockClient locks) {
        this.testCase = testCase;
        this.folder = folder;
        this.cTool = cTool;
        this.javaTool = javaTool;
        this.locks = locks;
    }

    /** Runs the case; returns the differences found (empty if none). */
    List<String> run() throws IOException {
        Path c = folder.resolve("c");
        Path j = folder.resolve("j");
        Files.createDirectories(c);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(c, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (ComparisonCases.Step step : testCase.steps()) {
            if (step instanceof ComparisonCases.Setup s) {
                ProcessResult r = TcOracle.run(c, 600, Map.of("TZ", "UTC"), null, "bash", "-c", s.script());
                if (r.exitCode() != 0) {
                    throw new IllegalStateException(testCase.id() + ": setup failed: " + s.script() + "\n" + r);
                }
            } else if (step instanceof ComparisonCases.Gen g) {
                Files.write(c.resolve(g.file()), Generators.generate(g.generator()));
            }
        }
        ProcessResult copy = TcOracle.run(folder, 600, "cp", "-a", "c", "j");
        if (copy.exitCode() != 0) {
            throw new IllegalStateException("copy failed: " + copy);
        }
        Files.createSymbolicLink(c.resolve("tchmgr"), cTool);
        Files.createSymbolicLink(j.resolve("tchmgr"), javaTool);
        for (ComparisonCases.Step step : testCase.steps()) {
            if (step instanceof ComparisonCases.Run r) {
                step(r, c, j);
                Map<String, String> left = snapshot(c);
                Map<String, String> right = snapshot(j);
                if (!left.equals(right)) {
                    problems.add(r.describe() + "\n  files differ after it (C | Java): " + difference(left, right));
                    break; // the folders have diverged; later steps would only repeat the news
                }
            }
        }
        return problems;
    }

    private void step(ComparisonCases.Run r, Path c, Path j) throws IOException {
        ProcessResult javaResult = invoke(r, j);
        if (r.has("java")) {
            // This project's addition: run it in both folders (keeping them alike) and check the outcome.
            Files.delete(c.resolve("tchmgr"));
            Files.createSymbolicLink(c.resolve("tchmgr"), javaTool);
            ProcessResult other;
            try {
                other = invoke(r, c);
            } finally {
                Files.delete(c.resolve("tchmgr"));
                Files.createSymbolicLink(c.resolve("tchmgr"), cTool);
            }
            int expected = r.has("rc") ? Integer.parseInt(r.get("rc")) : 0;
            boolean silent = javaResult.stdout().length == 0 && javaResult.stderr().length == 0;
            if (javaResult.exitCode() != expected || (expected == 0 && !silent && !r.has("loud"))) {
                problems.add(r.describe() + "\n  expected exit " + expected + " (silent on success), got "
                        + show(javaResult));
            }
            compare(r, other, javaResult);
            return;
        }
        ProcessResult cResult = invoke(r, c);
        if (r.has("trace")) {
            cResult = new ProcessResult(cResult.exitCode(), strip(cResult.stdout()), strip(cResult.stderr()));
        }
        if (r.has("version")) {
            String out = javaResult.out();
            if (javaResult.exitCode() != 0 || javaResult.stderr().length > 0 || !VERSION.matcher(out).matches()
                    || cResult.exitCode() != 0 || cResult.stderr().length > 0) {
                problems.add(r.describe() + "\n  version: C " + show(cResult) + "\n  Java " + show(javaResult));
            }
            return;
        }
        compare(r, cResult, javaResult);
    }

    private void compare(ComparisonCases.Run r, ProcessResult left, ProcessResult right) {
        if (!sameAsC(left, right)) {
            problems.add(r.describe() + "\n  C:    " + show(left) + "\n  Java: " + show(right));
        }
    }

    /**
     * Whether this tool's result {@code ours} is the C tool's {@code c} (or another run of this
     * tool's), but for the byte-order options this tool adds to the usage text
     * (format-spec/tchmgr.md, section 12, 2b).
     */
    static boolean sameAsC(ProcessResult c, ProcessResult ours) {
        return c.exitCode() == ours.exitCode() && java.util.Arrays.equals(c.stdout(), ours.stdout())
                && java.util.Arrays.equals(withoutByteOrderOptions(c.stderr()), withoutByteOrderOptions(ours.stderr()));
    }

    /** This tool's standard error without the {@code [-le|-be]} its usage text adds to C's. */
    static byte[] withoutByteOrderOptions(byte[] stderr) {
        return new String(stderr, StandardCharsets.ISO_8859_1).replace(" [-le|-be]", "")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private ProcessResult invoke(ComparisonCases.Run r, Path dir) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TZ", "UTC");
        env.putAll(r.env());
        StringBuilder script = new StringBuilder("exec env");
        List<String> unset = new ArrayList<>(r.unset());
        if (!env.containsKey("TCDBGFD")) {
            unset.add("TCDBGFD");
        }
        for (String u : unset) {
            script.append(" -u ").append(u);
        }
        if (r.has("user")) {
            String id = r.get("user");
            script.append(" setpriv --reuid=").append(id).append(" --regid=").append(id).append(" --clear-groups --");
        }
        script.append(" ./tchmgr");
        for (byte[] arg : r.args()) {
            script.append(' ').append(bashQuote(arg));
        }
        if (r.has("pre")) {
            ProcessResult pre = TcOracle.run(dir, TIMEOUT, Map.of("TZ", "UTC"), null, "bash", "-c", r.get("pre"));
            if (pre.exitCode() != 0) {
                throw new IllegalStateException(r.describe() + ": pre-step failed\n" + pre);
            }
        }
        byte[] stdin = r.has("stdin") ? Files.readAllBytes(dir.resolve(r.get("stdin"))) : null;
        Path locked = null;
        if (r.has("lock")) {
            String[] spec = r.get("lock").split(":");
            locked = dir.resolve(spec[0]);
            locks.lock(locked, spec[1].equals("ex"));
        }
        ProcessResult result;
        try {
            result = TcOracle.run(dir, TIMEOUT, env, stdin, "bash", "-c", script.toString());
        } finally {
            if (locked != null) {
                locks.unlock(locked);
            }
        }
        if (r.has("inode")) {
            result = new ProcessResult(result.exitCode(), hideInode(result.stdout(), dir.resolve(r.get("inode"))),
                    result.stderr());
        }
        return result;
    }

    /** Replaces the inode number of {@code file} in {@code inform} output: the copies differ in it. */
    private static byte[] hideInode(byte[] out, Path file) {
        Object ino;
        try {
            ino = Files.getAttribute(file, "unix:ino");
        } catch (IOException | RuntimeException e) {
            return out;
        }
        String text = new String(out, StandardCharsets.ISO_8859_1);
        return text.replace("inode number: " + ino + "\n", "inode number: <INODE>\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] strip(byte[] out) {
        String text = new String(out, StandardCharsets.ISO_8859_1);
        return TRACE.matcher(text).replaceAll("").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A bash word that expands to exactly these bytes. */
    static String bashQuote(byte[] arg) {
        StringBuilder sb = new StringBuilder("$'");
        for (byte b : arg) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '/'
                    || c == '-' || c == '_') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('\'').toString();
    }

    /** Every entry below {@code dir} except the tool link: kind and, for files, a digest of the content. */
    private Map<String, String> snapshot(Path dir) {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = TEMP_NAME.matcher(dir.relativize(p).toString()).replaceAll(".tmp.N");
                if (rel.isEmpty() || rel.equals("tchmgr")) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    entries.put(rel, "link to " + Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    entries.put(rel, "directory");
                } else if (testCase.tags().contains("bzip2") && isDatabase(p)) {
                    entries.put(rel, decodedContent(dir, p));
                } else {
                    entries.put(rel, cachedDigest(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    private static boolean isDatabase(Path file) throws IOException {
        byte[] head = new byte[13];
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(head, 0, head.length) == head.length
                    && new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("ToKyO CaBiNeT");
        }
    }

    /**
     * A bzip2 database's content as Debian's tchmgr lists it: this engine's bzip2 encoder (Commons
     * Compress) writes different, equally valid streams than libbzip2, so such files cannot be
     * byte-identical; what must agree is what the C tool reads from them.
     */
    private String decodedContent(Path dir, Path file) {
        ProcessResult r = TcOracle.run(dir, 60, Map.of(), null, cTool.toString(), "list", "-pv", "-px",
                dir.relativize(file).toString());
        return "decoded by C tchmgr: exit " + r.exitCode() + ", listing " + digestOf(r.stdout()) + ", errors '"
                + ComparisonCases.escape(r.stderr()) + "'";
    }

    private static String digestOf(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Digests keyed by what a change would alter, so unchanged files are not read again after every step. */
    private String cachedDigest(Path file) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:ino,size,lastModifiedTime,ctime", LinkOption.NOFOLLOW_LINKS);
        String key = file + "|" + a.get("ino") + "|" + a.get("size") + "|" + a.get("lastModifiedTime") + "|" + a.get("ctime");
        return digests.computeIfAbsent(key, k -> digest(file));
    }

    private static String digest(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            return Files.size(file) + " bytes, md5 " + HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            return "unreadable";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String difference(Map<String, String> left, Map<String, String> right) {
        StringBuilder sb = new StringBuilder();
        for (String k : new TreeSet<>(union(left, right))) {
            String a = left.get(k);
            String b = right.get(k);
            if (a == null || !a.equals(b)) {
                sb.append("\n    ").append(k).append(": ").append(a).append(" | ").append(b);
            }
        }
        return sb.toString();
    }

    private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
        java.util.Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    static String show(ProcessResult r) {
        return "exit " + r.exitCode() + ", stdout '" + ComparisonCases.escape(r.stdout()) + "', stderr '"
                + ComparisonCases.escape(r.stderr()) + "'";
    }
}
