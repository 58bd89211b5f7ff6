package io.countd.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code tools/bin/tchtest} against Debian's {@code tchtest}: the same workloads give
 * the same files and the same report, and each program accepts the other's files.
 */
class TchtestIT {
    private static final int TIMEOUT = 120;
    private static final Map<String, String> SEED = Map.of("TCRNDSEED", "1");
    private static Path launcher;

    @TempDir
    Path c;
    @TempDir
    Path java;

    @BeforeAll
    static void requireOracle() {
        TcOracle.requireBinaries();
        launcher = Path.of(System.getProperty("basedir", "."), "bin", "tchtest").toAbsolutePath();
        assertTrue(Files.isExecutable(launcher), "launcher missing: " + launcher);
    }

    @Test
    void writeReadRemoveMatchTheCProgram() throws IOException {
        ProcessResult cw = ok(c, "tchtest", "write", "casket", "1000");
        ProcessResult jw = ok(java, launcher.toString(), "write", "casket", "1000");
        assertArrayEquals(Files.readAllBytes(c.resolve("casket")), Files.readAllBytes(java.resolve("casket")),
                "files differ: C " + md5(c.resolve("casket")) + ", Java " + md5(java.resolve("casket")));
        assertEquals(comparable(cw.out()), comparable(jw.out()));

        // Our read and remove on our file; C's read and remove on a copy of it.
        Files.copy(java.resolve("casket"), java.resolve("fromjava"));
        ok(java, launcher.toString(), "read", "casket");
        ProcessResult jr = ok(java, launcher.toString(), "remove", "casket");
        assertTrue(jr.out().contains("\nrecord number: 0\n"), jr.out());
        ok(java, "tchtest", "read", "fromjava");
        ProcessResult cr = ok(java, "tchtest", "remove", "fromjava");
        assertTrue(cr.out().contains("\nrecord number: 0\n"), cr.out());

        // Removing from C's file gives C's bytes.
        ok(c, "tchtest", "remove", "casket");
        assertEquals(md5(c.resolve("casket")), md5(java.resolve("casket")));
    }

    @Test
    void randomWritesDrawTheSameKeysAsTheCProgram() throws IOException {
        ok(c, "tchtest", "write", "-rnd", "casket", "1000", "131", "2", "3");
        ProcessResult jw = ok(java, launcher.toString(), "write", "-rnd", "casket", "1000", "131", "2", "3");
        assertTrue(jw.out().contains("  seed=1  path=casket  rnum=1000  bnum=131  apow=2  fpow=3  mt=0  opts=0"
                + "  rcnum=0  xmsiz=-1  dfunit=0  omode=0  as=0  rnd=1\n"), jw.out());
        assertEquals(md5(c.resolve("casket")), md5(java.resolve("casket")));
    }

    @Test
    void littleEndianFilesAreUpstreamsFlavourOfTheSameFile() throws IOException {
        ok(java, launcher.toString(), "write", "-le", "casket", "1000");
        // Debian's build reads big-endian files only: it refuses ours as C's refuses upstream's.
        ProcessResult refused = TcOracle.run(java, TIMEOUT, SEED, null, "tchtest", "read", "casket");
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains(": tchdbopen: error: 5: invalid meta data\n"), refused.err());
        ok(java, launcher.toString(), "read", "casket");

        // Converted to big-endian, it is what Debian's tools make of the same workload.
        ok(c, "tchtest", "write", "casket", "1000");
        assertEquals(0, TcOracle.run(c, TIMEOUT, SEED, null, "tchmgr", "optimize", "casket").exitCode());
        Path tchmgr = launcher.resolveSibling("tchmgr");
        ProcessResult optimized = TcOracle.run(java, TIMEOUT, SEED, null, tchmgr.toString(), "optimize", "-be", "casket");
        assertEquals(0, optimized.exitCode(), optimized.toString());
        assertEquals(md5(c.resolve("casket")), md5(java.resolve("casket")));
    }

    @Test
    void aMissingFileFailsAsInC() {
        ProcessResult cr = TcOracle.run(c, TIMEOUT, SEED, null, "tchtest", "read", "nosuch");
        ProcessResult jr = TcOracle.run(java, TIMEOUT, SEED, null, launcher.toString(), "read", "nosuch");
        assertEquals(1, cr.exitCode());
        assertEquals(1, jr.exitCode(), jr.toString());
        assertEquals(cr.err().replace("tchtest:", "P:"), jr.err().replace(launcher + ":", "P:"));
        assertTrue(jr.out().endsWith("error\n\nFAILED: TCRNDSEED=1 PID=" + pid(jr.out()) + " " + launcher
                + " read nosuch\n\n"), jr.out());
    }

    /** Runs a command with TCRNDSEED=1, requiring exit status 0 and a report ending in ok. */
    private static ProcessResult ok(Path dir, String... command) {
        ProcessResult r = TcOracle.run(dir, TIMEOUT, SEED, null, command);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.out().endsWith("\nok\n\n"), r.toString());
        return r;
    }

    /**
     * The report without what legitimately differs: the C build's debug counters, the resource
     * figures and the time.
     */
    private static List<String> comparable(String out) {
        return out.lines().filter(l -> !l.startsWith("cnt_") && !l.startsWith("sys_") && !l.startsWith("time: "))
                .collect(Collectors.toList());
    }

    private static String pid(String out) {
        int p = out.indexOf("PID=") + 4;
        return out.substring(p, out.indexOf(' ', p));
    }

    private static String md5(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
