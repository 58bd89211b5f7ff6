package io.countd.server.cli;

import io.countd.server.DataFolder;
import io.countd.server.log.LogDetails;
import io.countd.server.log.PoolInspector;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code countd dump-log N}: the records of one commit log not yet applied. */
@Command(name = "dump-log", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Prints the records of commit log N (its number, or its 10-digit file name) that are not "
                + "applied yet: keyspace, key, increment, in log order.",
            "Reads the file without taking the log: a log being written is read up to its last complete frame, and "
                + "a running server is not disturbed. An empty log has no records."},
        sortOptions = false)
final class DumpLog implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "N", description = "The log's number.")
    String log;

    @Mixin
    DataOptions data;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        int slot = Checked.flag(() -> slot(log));
        Path dir = DataFolder.open(data.data, false).root();
        if (!Files.exists(dir.resolve("logs").resolve(String.format("%010d", slot)))) {
            throw new IllegalStateException("no log " + String.format("%010d", slot) + " in " + dir.resolve("logs"));
        }
        PrintStream out = Text.stdout();
        try {
            return json ? json(dir, slot, out) : table(dir, slot, out);
        } finally {
            out.flush();
        }
    }

    private static int json(Path dir, int slot, PrintStream out) throws Exception {
        JsonWriter j = new JsonWriter(out);
        j.beginObject().key("records").beginArray();
        LogDetails d = PoolInspector.read(dir, slot, (ks, ksLength, key, keyLength, increment) ->
                j.beginObject().key("keyspace").name(ks, ksLength).key("key").name(key, keyLength).key("increment")
                        .value(increment).endObject());
        j.endArray().key("log");
        Logs.write(j, d);
        j.endObject().finish();
        return 0;
    }

    /**
     * Reads the log twice: once to size the columns, once to print. Frames are only ever
     * appended to a generation, so the second pass prints the records the first one counted.
     */
    private static int table(Path dir, int slot, PrintStream out) throws Exception {
        Text.Table t = new Text.Table("KEYSPACE", "KEY", "INCREMENT>");
        int[] w = t.widths();
        LogDetails d = PoolInspector.read(dir, slot, (ks, ksLength, key, keyLength, increment) -> {
            w[0] = Math.max(w[0], Text.Table.width(Text.show(ks, ksLength)));
            w[1] = Math.max(w[1], Text.Table.width(Text.show(key, keyLength)));
            w[2] = Math.max(w[2], Long.toString(increment).length());
        });
        out.println("log " + d.name() + ": " + Logs.state(d) + (d.generation() == 0 ? "" : ", generation "
                + d.generation()) + (d.sealed() ? ", sealed" : "") + ", " + d.records() + " records not yet applied in "
                + d.frames() + " frames");
        if (d.unreadable() != null) {
            throw new IllegalStateException("log " + d.name() + " cannot be read: " + d.unreadable());
        }
        t.line(out, t.header(), w);
        long[] left = {d.records()};
        LogDetails again = PoolInspector.read(dir, slot, (ks, ksLength, key, keyLength, increment) -> {
            if (left[0]-- > 0) {
                t.line(out, new String[] {Text.show(ks, ksLength), Text.show(key, keyLength), Long.toString(increment)}, w);
            }
        });
        if (again.generation() != d.generation()) {
            throw new IllegalStateException("log " + d.name() + " was applied and reused while it was printed; "
                    + "the lines above are from generation " + d.generation() + ", run again");
        }
        for (String p : d.problems()) {
            out.println(d.name() + ": " + p);
        }
        out.flush();
        return 0;
    }

    /** A log's number: up to 10 decimal digits, at most 2^31-1 (its file name is also accepted). */
    static int slot(String text) {
        if (!text.matches("[0-9]{1,10}") || Long.parseLong(text) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("N must be a log number from 0 to " + Integer.MAX_VALUE + ", not '" + text
                    + "'");
        }
        return Integer.parseInt(text);
    }
}
