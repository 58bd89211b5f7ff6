package io.countd.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.countd.engine.TestFiles;
import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * This project's {@code -le}/{@code -be} options and its little-endian files, checked against what
 * Debian's tool makes and prints: a little-endian file is the big-endian one with its integers
 * swapped; every subcommand on a little-endian file prints what Debian's prints on the big-endian
 * twin; and converting there and back (or rebuilding in the same order) gives exactly the file the
 * C tool's optimize gives.
 */
class TchmgrByteOrderIT {
    private static Path work;
    private static Path javaTool;
    private static Path cTool;

    @BeforeAll
    static void setUp() throws IOException {
        TcOracle.requireBinaries();
        Path root = TestFiles.projectRoot();
        javaTool = root.resolve("tools/bin/tchmgr");
        cTool = TcOracle.onPath("tchmgr").toAbsolutePath();
        work = root.resolve("tools/target/tchmgr-byte-order-it");
        TchmgrComparisonIT.deleteTree(work);
        Files.createDirectories(work);
    }

    @Test
    void aNewLittleEndianFileIsTheBigEndianOneWithItsHeaderNumbersSwapped() throws IOException {
        run(cTool, "create", "be.tch", "7", "3", "5");
        run(javaTool, "create", "-le", "le.tch", "7", "3", "5");
        byte[] be = Files.readAllBytes(work.resolve("be.tch"));
        byte[] le = Files.readAllBytes(work.resolve("le.tch"));
        assertEquals(be.length, le.length);
        // bucket count, record count, file size, first record: the only integers of an empty file
        for (int off = 40; off <= 64; off += 8) {
            long value = ByteBuffer.wrap(be).order(ByteOrder.BIG_ENDIAN).getLong(off);
            ByteBuffer.wrap(be).order(ByteOrder.LITTLE_ENDIAN).putLong(off, value);
        }
        assertArrayEquals(be, le);
        assertEquals(7, ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN).getLong(40));
    }

    @Test
    void convertingThereAndBackGivesWhatTheCToolsOptimizeGives() throws IOException {
        Path c = work.resolve("c.tch");
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            tsv.append("key").append(i).append('\t').append("value-".repeat(i % 7 + 1)).append(i).append('\n');
        }
        Files.writeString(work.resolve("in.tsv"), tsv, StandardCharsets.US_ASCII);
        run(cTool, "create", "c.tch", "31", "2", "6");
        run(cTool, "importtsv", "c.tch", "in.tsv");
        for (int i = 0; i < 500; i += 3) {
            run(cTool, "out", "c.tch", "key" + i);
        }
        Files.copy(c, work.resolve("j1.tch"));
        Files.copy(c, work.resolve("j2.tch"));
        Files.copy(c, work.resolve("j3.tch"));
        Files.copy(c, work.resolve("c2.tch"));

        run(cTool, "optimize", "c.tch");
        run(javaTool, "optimize", "-le", "j1.tch");
        run(javaTool, "optimize", "-be", "j1.tch");
        assertSameFile("c.tch", "j1.tch");
        run(javaTool, "optimize", "-be", "j2.tch"); // a rebuild in the same order
        assertSameFile("c.tch", "j2.tch");

        run(cTool, "optimize", "-tl", "c2.tch", "100", "5", "6");
        run(javaTool, "optimize", "-le", "-tx", "j3.tch", "50", "1", "1");
        run(javaTool, "optimize", "-be", "-tl", "j3.tch", "100", "5", "6");
        assertSameFile("c2.tch", "j3.tch");
    }

    @Test
    void littleEndianFilesWorkWithEverySubcommandAsDebiansToolDoesWithBigEndianOnes() throws IOException {
        Path c = Files.createDirectories(work.resolve("twin-c"));
        Path j = Files.createDirectories(work.resolve("twin-j"));
        Files.createSymbolicLink(c.resolve("tchmgr"), cTool);
        Files.createSymbolicLink(j.resolve("tchmgr"), javaTool);
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            tsv.append("key").append(i).append('\t').append("v".repeat(i % 11)).append(i).append('\n');
        }
        for (Path dir : new Path[] {c, j}) {
            Files.writeString(dir.resolve("in.tsv"), tsv, StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve("more.tsv"), "a\t1\nkey5\treplaced\n", StandardCharsets.US_ASCII);
        }
        twin(c, j, true, "create", "db", "61", "3", "4");
        twin(c, j, true, "importtsv", "db", "in.tsv");
        assertEquals(0, TcOracle.run(j, 60, "./tchmgr", "optimize", "-le", "db").exitCode());
        assertEquals(0, TcOracle.run(c, 60, "./tchmgr", "optimize", "db").exitCode());
        String[][] steps = {
            {"inform", "db"}, {"list", "-pv", "db"}, {"list", "-px", "-m", "3", "db"}, {"list", "-fm", "key1", "db"},
            {"get", "db", "key7"}, {"get", "-px", "-pz", "db", "key8"}, {"get", "db", "nokey"},
            {"put", "db", "new", "value"}, {"put", "-dk", "db", "new", "x"}, {"put", "-dc", "db", "key9", "++"},
            {"put", "-dai", "db", "n", "5"}, {"put", "-dai", "db", "n", "-2"}, {"put", "-dad", "db", "d", "1.25"},
            {"out", "db", "key10"}, {"out", "db", "key10"}, {"importtsv", "db", "more.tsv"}, {"optimize", "db"},
            {"put", "db", "key20", "a longer value than before"}, {"optimize", "-df", "db"}, {"list", "-pv", "db"},
            {"inform", "db"},
        };
        for (String[] step : steps) {
            twin(c, j, false, step);
        }
        assertEquals(0, TcOracle.run(j, 60, "./tchmgr", "optimize", "-be", "db").exitCode());
        assertEquals(0, TcOracle.run(c, 60, "./tchmgr", "optimize", "db").exitCode());
        assertArrayEquals(Files.readAllBytes(c.resolve("db")), Files.readAllBytes(j.resolve("db")));
    }

    /**
     * Runs the same {@code ./tchmgr} invocation in both folders (the C tool in {@code c}, this one in
     * {@code j}) and requires the same output and exit status, the inode number aside.
     */
    private static void twin(Path c, Path j, boolean setup, String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "./tchmgr";
        System.arraycopy(args, 0, cmd, 1, args.length);
        for (Path dir : new Path[] {c, j}) {
            if (Files.exists(dir.resolve("db"))) {
                Files.setLastModifiedTime(dir.resolve("db"), java.nio.file.attribute.FileTime.fromMillis(1577934245000L));
            }
        }
        ProcessResult rc = TcOracle.run(c, 60, java.util.Map.of("TZ", "UTC"), null, cmd);
        ProcessResult rj = TcOracle.run(j, 60, java.util.Map.of("TZ", "UTC"), null, cmd);
        String what = String.join(" ", args);
        assertEquals(rc.exitCode(), rj.exitCode(), what + "\nC: " + rc + "\nJava: " + rj);
        assertEquals(maskInode(rc.out()), maskInode(rj.out()), what);
        assertEquals(rc.err(), rj.err(), what);
        if (setup) {
            assertEquals(0, rc.exitCode(), what);
        }
    }

    private static String maskInode(String out) {
        return out.replaceAll("inode number: \\d+", "inode number: N");
    }

    private static void assertSameFile(String expected, String actual) throws IOException {
        assertArrayEquals(Files.readAllBytes(work.resolve(expected)), Files.readAllBytes(work.resolve(actual)),
                actual + " differs from " + expected);
    }

    private static void run(Path tool, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = tool.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessResult r = TcOracle.run(work, 120, cmd);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + r);
        }
    }
}
