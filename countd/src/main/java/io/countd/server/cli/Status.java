package io.countd.server.cli;

import io.countd.server.log.LogDetails;
import io.countd.server.log.PoolInspector;
import io.countd.server.net.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code countd status}: the data folder and the daemons at a glance. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Shows at a glance: the commit logs by state, the records not yet applied, the keyspaces, the "
                + "quarantine, and whether countd-write, countd-read and the HTTP API answer.",
            "Never waits for a lock and disturbs nothing: it opens no keyspace file, and asks each daemon a question "
                + "it refuses (an empty name), which changes nothing."},
        sortOptions = false)
final class Status implements Callable<Integer> {
    private static final Pattern KEYSPACE_FILE = Pattern.compile("[A-Za-z0-9_-]{1,32}\\.[0-9a-f]{32}\\.tch");

    @Mixin
    DataOptions data;

    @Mixin
    ServerOptions servers;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    /** Whether a daemon answered, and if not, why. */
    private record Probe(String address, boolean answers, String detail) {
    }

    @Override
    public Integer call() throws Exception {
        InetSocketAddress write = servers.writeAddress();
        InetSocketAddress read = servers.readAddress();
        URI http = servers.httpUri();
        Path dir = data.data.toAbsolutePath().normalize();
        boolean exists = Files.isDirectory(dir);
        List<LogDetails> logs = exists ? PoolInspector.inspect(dir) : List.of();
        Map<LogDetails.State, Integer> byState = new EnumMap<>(LogDetails.State.class);
        for (LogDetails.State s : LogDetails.State.values()) {
            byState.put(s, 0);
        }
        long pendingLogs = 0;
        long pendingRecords = 0;
        long withProblems = 0;
        for (LogDetails d : logs) {
            byState.merge(d.state(), 1, Integer::sum);
            if (d.records() > 0) {
                pendingLogs++;
                pendingRecords += d.records();
            }
            if (!d.problems().isEmpty()) {
                withProblems++;
            }
        }
        long keyspaces = count(dir.resolve("keyspaces"), true);
        long quarantine = count(dir.resolve("quarantine"), false);
        Duration wait = servers.timeout.compareTo(Duration.ofSeconds(2)) < 0 ? servers.timeout : Duration.ofSeconds(2);
        Probe w = probeWrite(write, wait);
        Probe r = probeRead(read, wait);
        Probe h = probeHttp(http, wait);

        PrintStream out = Text.stdout();
        if (json) {
            JsonWriter j = new JsonWriter(out);
            j.beginObject().key("data").value(dir.toString()).key("exists").value(exists).key("logs").beginObject()
                    .key("total").value(logs.size());
            for (LogDetails.State s : LogDetails.State.values()) {
                j.key(s.name().toLowerCase(Locale.ROOT)).value(byState.get(s));
            }
            j.key("with_problems").value(withProblems).endObject()
                    .key("pending").beginObject().key("logs").value(pendingLogs).key("records").value(pendingRecords)
                    .endObject()
                    .key("keyspaces").value(keyspaces).key("quarantine").value(quarantine)
                    .key("daemons").beginObject();
            for (var e : List.of(Map.entry("write", w), Map.entry("read", r), Map.entry("http", h))) {
                j.key(e.getKey()).beginObject().key("address").value(e.getValue().address()).key("answers")
                        .value(e.getValue().answers()).key("detail").value(e.getValue().detail()).endObject();
            }
            j.endObject().endObject().finish();
            return 0;
        }
        line(out, "data", dir + (exists ? "" : " (no such folder)"));
        line(out, "logs", String.format("%,d (%,d empty, %,d full, %,d held, %,d abandoned)", logs.size(),
                byState.get(LogDetails.State.EMPTY), byState.get(LogDetails.State.FULL),
                byState.get(LogDetails.State.HELD), byState.get(LogDetails.State.ABANDONED))
                + (withProblems == 0 ? "" : String.format("; %,d with problems (see countd logs)", withProblems)));
        line(out, "pending", String.format("%,d records not yet applied, in %,d logs", pendingRecords, pendingLogs));
        line(out, "keyspaces", String.format("%,d", keyspaces));
        line(out, "quarantine", String.format("%,d files", quarantine));
        int width = Math.max(w.address().length(), Math.max(r.address().length(), h.address().length()));
        for (var e : List.of(Map.entry("write", w), Map.entry("read", r), Map.entry("http", h))) {
            Probe p = e.getValue();
            line(out, e.getKey(), p.address() + " ".repeat(width - p.address().length()) + "  "
                    + (p.answers() ? "answers" : "no answer") + " (" + p.detail() + ")");
        }
        out.flush();
        return 0;
    }

    private static void line(PrintStream out, String label, String text) {
        out.println(label + " ".repeat(12 - label.length()) + text);
    }

    /**
     * The entries of a folder: keyspace files holding something ({@code keyspaces}: named as a
     * keyspace's file, not empty), or finished quarantine files (not hidden temporaries).
     */
    private static long count(Path folder, boolean keyspaces) throws IOException {
        long n = 0;
        try (DirectoryStream<Path> d = Files.newDirectoryStream(folder)) {
            for (Path p : d) {
                String name = p.getFileName().toString();
                if (keyspaces ? KEYSPACE_FILE.matcher(name).matches() && Files.size(p) > 0 : !name.startsWith(".")) {
                    n++;
                }
            }
        } catch (NoSuchFileException e) {
            return 0;
        }
        return n;
    }

    /** Sends a message with an empty keyspace and key, which countd-write refuses (ERR) and never stores. */
    private static Probe probeWrite(InetSocketAddress address, Duration wait) {
        return probeTcp(address, wait, new byte[520], 3, answer -> answer[0] == 'E' && answer[1] == 'R' && answer[2] == 'R'
                ? "refused an empty name, as it should" : null);
    }

    /** Asks for a keyspace with an empty name, which countd-read answers with an error response. */
    private static Probe probeRead(InetSocketAddress address, Duration wait) {
        return probeTcp(address, wait, new byte[272], 8, answer -> {
            for (byte b : answer) {
                if (b != (byte) 0xff) {
                    return null;
                }
            }
            return "refused an empty name, as it should";
        });
    }

    /** What an answer means: a description when it is the daemon's, else null. */
    @FunctionalInterface
    private interface Judge {
        String judge(byte[] answer);
    }

    private static Probe probeTcp(InetSocketAddress address, Duration wait, byte[] question, int answerBytes, Judge judge) {
        String name = HostPort.format(address);
        try (Socket s = new Socket()) {
            s.connect(address, (int) wait.toMillis());
            s.setSoTimeout((int) wait.toMillis());
            OutputStream o = s.getOutputStream();
            o.write(question);
            o.flush();
            InputStream in = s.getInputStream();
            byte[] answer = in.readNBytes(answerBytes);
            if (answer.length < answerBytes) {
                return new Probe(name, false, "connected, but it closed without answering");
            }
            String meaning = judge.judge(answer);
            return meaning == null ? new Probe(name, false, "something answered, but not that daemon")
                    : new Probe(name, true, meaning);
        } catch (IOException e) {
            return new Probe(name, false, reason(e));
        }
    }

    /** The first message along the causes (the HTTP client's connect errors have none of their own). */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e instanceof ConnectException ? "cannot connect" : e.getClass().getSimpleName();
    }

    /** Any HTTP answer to a GET of the base URL. */
    private static Probe probeHttp(URI base, Duration wait) {
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(wait).build();
            HttpResponse<Void> response = client.send(HttpRequest.newBuilder(base).timeout(wait).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return new Probe(base.toString(), true, "HTTP " + response.statusCode());
        } catch (IOException e) {
            return new Probe(base.toString(), false, reason(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(base.toString(), false, "interrupted");
        }
    }
}
