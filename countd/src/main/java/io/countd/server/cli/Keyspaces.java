package io.countd.server.cli;

import io.countd.server.DataFolder;
import io.countd.server.store.KeyspaceException;
import io.countd.server.store.KeyspaceStore;
import io.countd.server.store.KeyspaceView;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code countd keyspaces}: the keyspaces of the data folder and their key counts. */
@Command(name = "keyspaces", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Lists the keyspaces of the data folder with their number of keys and their file.",
            "Reads each file under the engine's shared lock: waits while a worker applies to that keyspace."},
        sortOptions = false)
final class Keyspaces implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    private record Entry(byte[] name, long keys, String error) {
    }

    @Override
    public Integer call() throws Exception {
        DataFolder folder = DataFolder.open(data.data, false);
        List<Entry> entries;
        try (KeyspaceStore store = KeyspaceStore.open(folder.keyspaces(), KeyspaceStore.Access.READ_ONLY)) {
            entries = store.keyspaces().stream().sorted(Arrays::compareUnsigned).map(name -> {
                try (KeyspaceView v = store.view(name)) {
                    return new Entry(name, v.size(), null);
                } catch (KeyspaceException e) {
                    return new Entry(name, -1, e.getMessage());
                }
            }).toList();
        }
        PrintStream out = Text.stdout();
        if (json) {
            JsonWriter j = new JsonWriter(out);
            j.beginObject().key("data").value(folder.root().toString()).key("keyspaces").beginArray();
            for (Entry e : entries) {
                j.beginObject().key("name").name(e.name()).key("keys");
                if (e.error() == null) {
                    j.value(e.keys());
                } else {
                    j.nullValue();
                }
                j.key("file").value(KeyspaceStore.fileName(e.name())).key("error").value(e.error()).endObject();
            }
            j.endArray().endObject().finish();
        } else {
            Text.Table t = new Text.Table("KEYSPACE", "KEYS>", "FILE");
            for (Entry e : entries) {
                t.row(Text.show(e.name()), e.error() == null ? e.keys() : "?", KeyspaceStore.fileName(e.name()));
            }
            t.print(out);
            for (Entry e : entries) {
                if (e.error() != null) {
                    out.println(Text.show(e.name()) + ": " + e.error());
                }
            }
            out.flush();
        }
        return entries.stream().anyMatch(e -> e.error() != null) ? 1 : 0;
    }
}
