package io.countd.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.countd.engine.TestFiles;
import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tools/bin/tchmgr} as users invoke it: by absolute path, by relative path from another
 * folder, through chains of symlinks; the name it was invoked as is what it prints, exactly as the C
 * tool prints its {@code argv[0]}.
 */
class TchmgrLauncherIT {
    private static Path work;
    private static Path javaTool;
    private static Path cTool;

    @BeforeAll
    static void setUp() throws IOException {
        TcOracle.requireBinaries();
        Path root = TestFiles.projectRoot();
        javaTool = root.resolve("tools/bin/tchmgr");
        cTool = TcOracle.onPath("tchmgr").toAbsolutePath();
        work = root.resolve("tools/target/tchmgr-launcher-it");
        TchmgrComparisonIT.deleteTree(work);
        Files.createDirectories(work.resolve("c/bin"));
        Files.createDirectories(work.resolve("j/bin"));
        Files.createSymbolicLink(work.resolve("c/bin/tchmgr"), cTool);
        Files.createSymbolicLink(work.resolve("j/link1"), javaTool);
        Files.createSymbolicLink(work.resolve("j/bin/tchmgr"), work.resolve("j/link1"));
    }

    @Test
    void relativeNameThroughASymlinkChainFromAnotherFolder() {
        for (String[] args : new String[][] {{}, {"get", "nofile", "k"}, {"create", "nodir/db"}}) {
            ProcessResult c = run(work.resolve("c"), cmd("bin/tchmgr", args));
            ProcessResult j = run(work.resolve("j"), cmd("bin/tchmgr", args));
            assertSame(c, j);
        }
    }

    @Test
    void absoluteName() {
        String name = javaTool.toString();
        // The C tool is given the same argv[0] through bash's exec -a.
        ProcessResult c = run(work, "bash", "-c", "exec -a \"$0\" \"$1\" get nofile k", name, cTool.toString());
        ProcessResult j = run(work, name, "get", "nofile", "k");
        assertSame(c, j);
        assertEquals(name + ": -: 3: file not found\n", j.err());
    }

    @Test
    void versionFromAnyFolder() {
        ProcessResult j = run(Path.of("/"), javaTool.toString(), "--version");
        assertEquals(0, j.exitCode());
        assertEquals("", j.err());
    }

    private static String[] cmd(String tool, String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = tool;
        System.arraycopy(args, 0, cmd, 1, args.length);
        return cmd;
    }

    private static ProcessResult run(Path dir, String... cmd) {
        return TcOracle.run(dir, 120, Map.of("TZ", "UTC"), null, cmd);
    }

    private static void assertSame(ProcessResult c, ProcessResult j) {
        assertEquals(c.exitCode(), j.exitCode(), "exit status");
        assertArrayEquals(c.stdout(), j.stdout(), () -> "stdout: " + j.out());
        assertArrayEquals(c.stderr(), CaseRunner.withoutByteOrderOptions(j.stderr()), () -> "stderr: " + j.err());
    }
}
