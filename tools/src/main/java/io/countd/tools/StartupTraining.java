package io.countd.tools;

import io.countd.tools.tchmgr.TchmgrMain;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A representative run of the tools on a throw-away database, which the launchers execute once
 * with {@code -XX:ArchiveClassesAtExit} to build the class-data-sharing archive later runs start
 * from. Recording the classes of the user's first command instead would give an archive as narrow
 * as that command. Prints nothing and leaves nothing behind.
 */
public final class StartupTraining {
    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("countd-training");
        try {
            String db = dir.resolve("db").toString();
            String tsv = dir.resolve("in.tsv").toString();
            Files.write(Path.of(tsv), "a\t1\nb\t2\nC\t3\n".getBytes(StandardCharsets.US_ASCII));
            Console quiet = new Console(OutputStream.nullOutputStream(), OutputStream.nullOutputStream());
            String[][] runs = {
                {"create", db, "7"},
                {"put", db, "k", "v"},
                {"put", "-dk", db, "k", "v"},
                {"put", "-dc", db, "k", "w"},
                {"put", "-dai", db, "i", "1"},
                {"put", "-dad", db, "d", "1.5"},
                {"put", "-sx", db, "6b", "76"},
                {"importtsv", "-sc", db, tsv},
                {"get", db, "k"},
                {"get", "-px", db, "k"},
                {"get", db, "missing"},
                {"list", "-pv", db},
                {"list", "-fm", "k", "-pv", "-px", db},
                {"inform", db},
                {"out", db, "a"},
                {"optimize", "-df", db},
                {"optimize", db},
                {"inform", dir.resolve("missing").toString()},
                {"version"},
                {"help"},
            };
            for (String[] run : runs) {
                byte[][] argv = new byte[run.length + 1][];
                argv[0] = "tchmgr".getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < run.length; i++) {
                    argv[i + 1] = run[i].getBytes(StandardCharsets.UTF_8);
                }
                TchmgrMain.run(RawArguments.ofBytes(argv), quiet);
            }
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
