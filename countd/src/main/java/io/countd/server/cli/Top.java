package io.countd.server.cli;

import io.countd.client.CountdClient;
import io.countd.client.Row;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code countd top KS [OFFSET [LENGTH]]}: one ranked read over the read protocol. */
@Command(name = "top", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Prints ranks OFFSET (default 0) to OFFSET+LENGTH-1 (LENGTH default 10, at most 10000) of keyspace "
                + "KS: highest count first, ties by key. An unknown keyspace has no rows.",
        sortOptions = false)
final class Top implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KS", description = "The keyspace.")
    String keyspace;

    @Parameters(index = "1", arity = "0..1", paramLabel = "OFFSET", defaultValue = "0", description = "The first rank (default ${DEFAULT-VALUE}).")
    long offset;

    @Parameters(index = "2", arity = "0..1", paramLabel = "LENGTH", defaultValue = "10",
            description = "How many ranks (default ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--hex", description = "KS is hex digits (for names that are not text).")
    boolean hex;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Mixin
    ServerOptions servers;

    @Override
    public Integer call() {
        byte[] ks = Checked.flag(() -> Text.parseName(keyspace, hex, "KS"));
        Checked.flags(() -> {
            if (ks.length > 256) {
                throw new IllegalArgumentException("KS has " + ks.length + " bytes; names have at most 256");
            }
            return ks;
        }, () -> {
            if (offset < 0) {
                throw new IllegalArgumentException("OFFSET must be 0 or more, not " + offset);
            }
            return offset;
        }, () -> {
            if (length < 0 || length > 10_000) {
                throw new IllegalArgumentException("LENGTH must be from 0 to 10000, not " + length);
            }
            return length;
        });
        List<Row> rows;
        try (CountdClient client = servers.client()) {
            rows = client.top(ks, offset, length);
        }
        PrintStream out = Text.stdout();
        if (json) {
            JsonWriter j = new JsonWriter(out);
            j.beginObject().key("keyspace").name(ks).key("offset").value(offset).key("length").value(length)
                    .key("rows").beginArray();
            for (Row r : rows) {
                j.beginObject().key("rank").value(r.rank()).key("key").name(r.key()).key("count").value(r.count())
                        .endObject();
            }
            j.endArray().endObject().finish();
            return 0;
        }
        Text.Table t = new Text.Table("RANK>", "COUNT>", "KEY");
        for (Row r : rows) {
            t.row(r.rank(), r.count(), Text.show(r.key()));
        }
        t.print(out);
        out.flush();
        return 0;
    }
}
