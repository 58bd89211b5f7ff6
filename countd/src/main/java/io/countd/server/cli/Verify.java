package io.countd.server.cli;

import io.countd.server.DataFolder;
import io.countd.server.log.LogDetails;
import io.countd.server.log.PoolInspector;
import io.countd.server.store.KeyspaceVerifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code countd verify [DIR]}: checks a data folder and reports its problems. */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Checks the data folder DIR (default: --data): every commit log (modes, links, damage before a "
                + "seal), every keyspace file (the hash database, its records, the rank index node by node and against "
                + "the counters), and lists the quarantine. Exit 1 if any problem is found.",
            "Each keyspace file is read under the engine's shared lock: run it against a stopped server, or expect it "
                + "to wait for a worker's apply of that keyspace (and that worker to wait for it)."},
        sortOptions = false)
final class Verify implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The data folder (overrides --data).")
    Path dir;

    @Mixin
    DataOptions data;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    /** A finding: where (a path relative to the data folder), the keyspace if any, and what. */
    private record Finding(String where, byte[] keyspace, String what) {
    }

    @Override
    public Integer call() throws Exception {
        DataFolder folder = DataFolder.open(dir != null ? dir : data.data, false);
        Path root = folder.root();
        List<Finding> problems = new ArrayList<>();
        List<Finding> notes = new ArrayList<>();

        List<LogDetails> logs = PoolInspector.inspect(root);
        for (LogDetails d : logs) {
            String where = "logs/" + d.name();
            for (String p : d.problems()) {
                problems.add(new Finding(where, null, p));
            }
            if (d.unreadable() != null) {
                notes.add(new Finding(where, null, "not checked: " + d.unreadable()));
            }
            if (d.state() == LogDetails.State.ABANDONED) {
                notes.add(new Finding(where, null, "abandoned by a process that died; the pool recovers it when it "
                        + "next meets it (" + d.records() + " records, to be applied)"));
            }
        }

        List<KeyspaceVerifier.Report> keyspaces = KeyspaceVerifier.verifyAll(folder.keyspaces());
        long counters = 0;
        for (KeyspaceVerifier.Report r : keyspaces) {
            String where = "keyspaces/" + r.file().getFileName();
            counters += r.counters();
            for (String p : r.problems()) {
                problems.add(new Finding(where, r.name(), p));
            }
            if (!r.created()) {
                notes.add(new Finding(where, null, "holds no keyspace yet (its first apply did not commit); the next "
                        + "apply sets it up"));
            }
        }

        List<String> quarantined = quarantine(folder.quarantine());
        for (String q : quarantined) {
            notes.add(new Finding("quarantine/" + q, null, "records a worker could not apply, set aside "
                    + "(format-spec/quarantine.md)"));
        }

        PrintStream out = Text.stdout();
        if (json) {
            JsonWriter j = new JsonWriter(out);
            j.beginObject().key("data").value(root.toString()).key("ok").value(problems.isEmpty())
                    .key("logs").value(logs.size()).key("keyspaces").value(keyspaces.size())
                    .key("counters").value(counters).key("quarantine").value(quarantined.size());
            findings(j, "problems", problems);
            findings(j, "notes", notes);
            j.endObject().finish();
        } else {
            out.println("checked " + root + ": " + logs.size() + " logs, " + keyspaces.size() + " keyspace files ("
                    + counters + " counters), " + quarantined.size() + " quarantine files");
            for (Finding f : problems) {
                out.println("problem: " + describe(f));
            }
            for (Finding f : notes) {
                out.println("note: " + describe(f));
            }
            out.println(problems.isEmpty() ? "no problems found" : problems.size() + " problems found");
            out.flush();
        }
        return problems.isEmpty() ? 0 : 1;
    }

    private static String describe(Finding f) {
        return f.where() + (f.keyspace() == null ? "" : " (keyspace " + Text.show(f.keyspace()) + ")") + ": " + f.what();
    }

    private static void findings(JsonWriter j, String key, List<Finding> list) {
        j.key(key).beginArray();
        for (Finding f : list) {
            j.beginObject().key("where").value(f.where()).key("keyspace");
            if (f.keyspace() == null) {
                j.nullValue();
            } else {
                j.name(f.keyspace());
            }
            j.key("what").value(f.what()).endObject();
        }
        j.endArray();
    }

    /** The finished files of the quarantine folder (hidden ones are being written), by name. */
    private static List<String> quarantine(Path dir) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir)) {
            for (Path p : d) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".")) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return List.copyOf(names);
    }
}
