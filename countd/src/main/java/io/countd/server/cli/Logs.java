package io.countd.server.cli;

import io.countd.server.DataFolder;
import io.countd.server.log.LogDetails;
import io.countd.server.log.PoolInspector;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code countd logs}: the commit-log pool, one row per log. */
@Command(name = "logs", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Lists the commit logs of the data folder: state, generation, records not yet applied and "
                + "holder (its PID when the system lists it).",
            "Reads the files only: a running server is not disturbed."},
        sortOptions = false)
final class Logs implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path dir = DataFolder.open(data.data, false).root();
        List<LogDetails> logs = PoolInspector.inspect(dir);
        PrintStream out = Text.stdout();
        if (json) {
            JsonWriter j = new JsonWriter(out);
            j.beginObject().key("data").value(dir.toString()).key("logs").beginArray();
            for (LogDetails d : logs) {
                write(j, d);
            }
            j.endArray().endObject().finish();
            return 0;
        }
        Text.Table t = new Text.Table("LOG", "STATE", "GENERATION>", "RECORDS>", "HOLDER");
        for (LogDetails d : logs) {
            t.row(d.name(), state(d), d.generation() == 0 ? "-" : d.generation(),
                    d.unreadable() != null ? "?" : d.records(), holder(d));
        }
        t.print(out);
        for (LogDetails d : logs) {
            if (d.unreadable() != null) {
                out.println(d.name() + ": not read: " + d.unreadable());
            }
            for (String p : d.problems()) {
                out.println(d.name() + ": " + p);
            }
        }
        out.flush();
        return 0;
    }

    static String state(LogDetails d) {
        return d.state().name().toLowerCase(Locale.ROOT);
    }

    static String holder(LogDetails d) {
        return switch (d.state()) {
            case HELD -> d.holderPid().isPresent() ? "pid " + d.holderPid().getAsLong() : "a live process";
            case ABANDONED -> "dead";
            default -> "-";
        };
    }

    /** One log as a JSON object (format-spec/countd-cli.md, {@code logs}). */
    static void write(JsonWriter j, LogDetails d) {
        j.beginObject().key("name").value(d.name()).key("slot").value(d.slot()).key("state").value(state(d))
                .key("mode").value(String.format("%04o", d.mode())).key("generation").value(d.generation())
                .key("created").value(d.createdMicros() == 0 ? null
                        : Instant.EPOCH.plus(d.createdMicros(), ChronoUnit.MICROS).toString())
                .key("frames").value(d.frames()).key("records").value(d.records()).key("sealed").value(d.sealed())
                .key("holder");
        switch (d.state()) {
            case HELD, ABANDONED -> {
                j.beginObject().key("live").value(d.state() == LogDetails.State.HELD).key("pid");
                if (d.holderPid().isPresent()) {
                    j.value(d.holderPid().getAsLong());
                } else {
                    j.nullValue();
                }
                j.endObject();
            }
            default -> j.nullValue();
        }
        j.key("unreadable").value(d.unreadable()).key("problems").beginArray();
        for (String p : d.problems()) {
            j.value(p);
        }
        j.endArray().endObject();
    }
}
