package io.countd.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * This project's {@code -le}/{@code -be} options, checked against what Debian's tool makes: a
 * little-endian file is the big-endian one with its integers swapped, and converting there and back
 * (or rebuilding in the same order) gives exactly the file the C tool's optimize gives.
 */
class TchmgrByteOrderIT {
    private static Path work;
    private static Path javaTool;
    private static Path cTool;

    @BeforeAll
    static void setUp() throws IOException {
        TcOracle.requireBinaries();
        Path root = ProjectRoot.find();
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
