package io.countd.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.TestFiles;
import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launchers never run stale code: in a scratch copy of the repository, a source edited after
 * the jar was built is in the next run, rebuilt with one line on standard error; the launcher works
 * through a symlink on the PATH from another folder, printing the name it was called by; a copy of
 * it outside the repository works with COUNTD_HOME and otherwise fails with one line.
 */
class LauncherRebuildIT {
    private static final String USAGE_SOURCE = "tools/src/main/java/io/countd/tools/tchmgr/Usage.java";
    private static final String BUILDING = "tchmgr: building tools/target/countd-tools.jar (sources changed or no jar yet)...\n";

    @Test
    void anEditedSourceIsRebuiltAndRunFromAnywhere() throws IOException {
        Path root = TestFiles.projectRoot();
        Path scratch = root.resolve("tools/target/launcher-it");
        TchmgrComparisonIT.deleteTree(scratch);
        Path repo = Files.createDirectories(scratch.resolve("repo"));
        // What the tools build needs: every module's POM (Maven reads the whole reactor), the
        // engine's and the tools' sources, the launchers, and the tools jar already built (copied
        // with its time, so it is fresh).
        List<String> parts = new ArrayList<>(List.of("pom.xml", "launcher", "engine/src/main", "tools/src/main",
                "tools/bin", "tools/target/countd-tools.jar"));
        for (String module : modules(root.resolve("pom.xml"))) {
            parts.add(module.equals("bom") ? module : module + "/pom.xml");
        }
        for (String part : parts) {
            Files.createDirectories(repo.resolve(part).getParent());
            TcOracle.runOk(root, "cp", "-a", part, repo.resolve(part).toString());
        }
        Path tchmgr = repo.resolve("tools/bin/tchmgr");

        ProcessResult before = run(scratch, Map.of(), tchmgr.toString());
        assertEquals(1, before.exitCode(), before.toString());
        assertTrue(before.err().startsWith(tchmgr + ": the command line utility of the hash database API\n"), before.err());

        Path source = repo.resolve(USAGE_SOURCE);
        String text = Files.readString(source);
        String edited = text.replace(": the command line utility of", ": the edited utility of");
        assertTrue(!edited.equals(text), "the usage source changed its wording; adapt this test");
        Files.writeString(source, edited);

        ProcessResult rebuilt = run(scratch, Map.of(), tchmgr.toString());
        assertEquals(1, rebuilt.exitCode(), rebuilt.toString());
        assertEquals(BUILDING + tchmgr + ": the edited utility of the hash database API\n",
                rebuilt.err().substring(0, rebuilt.err().indexOf('\n', BUILDING.length()) + 1), rebuilt.toString());

        ProcessResult again = run(scratch, Map.of(), tchmgr.toString());
        assertTrue(again.err().startsWith(tchmgr + ": the edited utility"), again.toString());

        Path elsewhere = Files.createDirectories(scratch.resolve("elsewhere/bin"));
        Files.createSymbolicLink(elsewhere.resolve("tchmgr"), tchmgr);
        ProcessResult onPath = run(scratch.resolve("elsewhere"), Map.of("PATH", elsewhere + ":" + System.getenv("PATH")),
                "bash", "-c", "tchmgr get nofile k");
        assertEquals(1, onPath.exitCode(), onPath.toString());
        assertEquals("tchmgr: -: 3: file not found\n", onPath.err());

        Path copy = Files.createDirectories(scratch.resolve("copy")).resolve("tchmgr");
        Files.copy(tchmgr, copy);
        ProcessResult lost = run(scratch, Map.of("COUNTD_HOME", ""), copy.toString(), "version");
        assertEquals(1, lost.exitCode(), lost.toString());
        assertEquals("tchmgr: cannot find the countd repository: set COUNTD_HOME to its folder\n", lost.err());
        ProcessResult found = run(scratch, Map.of("COUNTD_HOME", repo.toString()), copy.toString());
        assertTrue(found.err().startsWith(copy + ": the edited utility"), found.toString());
    }

    private static ProcessResult run(Path dir, Map<String, String> env, String... command) {
        Map<String, String> all = new HashMap<>(env);
        all.put("TZ", "UTC");
        // The rebuild runs Maven: minutes at most, even on a loaded machine.
        return TcOracle.run(dir, 600, all, null, command);
    }

    /** The modules the parent POM lists. */
    private static List<String> modules(Path parentPom) throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(parentPom));
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }
}
