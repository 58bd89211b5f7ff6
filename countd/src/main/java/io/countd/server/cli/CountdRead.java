package io.countd.server.cli;

import io.countd.server.DataFolder;
import io.countd.server.http.Health;
import io.countd.server.http.HttpApi;
import io.countd.server.http.HttpServer;
import io.countd.server.metrics.CountdMetrics;
import io.countd.server.net.HostPort;
import io.countd.server.read.ReadServer;
import io.countd.server.store.KeyspaceStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code countd-read}: answers ranked reads. */
@Command(name = "countd-read", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Answers ranked reads (keyspace, offset, length) over TCP from the keyspace files.",
            "A read waits while a worker in another process applies a log to that keyspace."},
        sortOptions = false)
public final class CountdRead implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "${env:COUNTD_READ_LISTEN:-127.0.0.1:48880}",
            description = "Address to listen on (env COUNTD_READ_LISTEN; default ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = "${env:COUNTD_HTTP_LISTEN:-127.0.0.1:48881}",
            description = "Address for the HTTP API and dashboard (env COUNTD_HTTP_LISTEN; default ${DEFAULT-VALUE}).")
    String http;

    @Option(names = "--read-threads", paramLabel = "N", defaultValue = "${env:COUNTD_READ_THREADS:-4}",
            description = "Threads answering requests (env COUNTD_READ_THREADS; default ${DEFAULT-VALUE}).")
    int readThreads;

    public static void main(String[] args) {
        System.exit(Launcher.run("countd-read", new CountdRead(), args));
    }

    @Override
    public Integer call() throws Exception {
        Checked.flags(() -> HostPort.parse(listen), () -> HostPort.parse(http),
                () -> CountdWorker.positive("--read-threads", readThreads));
        DataFolder folder = DataFolder.open(data.data, true);
        KeyspaceStore store = KeyspaceStore.open(folder.keyspaces(), KeyspaceStore.Access.READ_ONLY);
        ReadServer reader = null;
        HttpServer web;
        try {
            reader = ReadServer.start(HostPort.parse(listen), store, readThreads);
            CountdMetrics metrics = CountdMetrics.builder().read(reader.stats()).store(store).build();
            Health health = Health.builder().daemon("read", reader::isRunning)
                    .writable("data folder", List.of(folder.root(), folder.keyspaces())).build();
            web = HttpServer.start(HostPort.parse(http), new HttpApi(store, metrics, health), HttpServer.THREADS);
        } catch (RuntimeException e) {
            if (reader != null) {
                reader.close();
            }
            store.close();
            throw e;
        }
        System.out.println("countd-read: listening on " + HostPort.format(reader.address()) + ", HTTP on "
                + HostPort.format(web.address()) + " (data " + folder.root() + ")");
        System.out.flush();
        ReadServer r = reader;
        return Running.untilSignalled("countd-read", () -> {
            web.close();
            r.close();
            store.close();
        });
    }
}
