package io.countd.server.cli;

import io.countd.server.DataFolder;
import io.countd.server.WorkerDaemon;
import io.countd.server.WriteDaemon;
import io.countd.server.http.Health;
import io.countd.server.http.HttpApi;
import io.countd.server.http.HttpServer;
import io.countd.server.log.CommitLogPool;
import io.countd.server.metrics.CountdMetrics;
import io.countd.server.net.HostPort;
import io.countd.server.read.ReadServer;
import io.countd.server.store.KeyspaceStore;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code countd serve}: writer, workers and reader in one JVM, sharing the pool and the store. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Runs countd-write, countd-worker and countd-read in one process on one data folder.",
        sortOptions = false)
final class Serve implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--write", paramLabel = "HOST:PORT", defaultValue = "${env:COUNTD_WRITE_LISTEN:-127.0.0.1:48879}",
            description = "Address for writes (env COUNTD_WRITE_LISTEN; default ${DEFAULT-VALUE}).")
    String write;

    @Option(names = "--read", paramLabel = "HOST:PORT", defaultValue = "${env:COUNTD_READ_LISTEN:-127.0.0.1:48880}",
            description = "Address for ranked reads (env COUNTD_READ_LISTEN; default ${DEFAULT-VALUE}).")
    String read;

    @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = "${env:COUNTD_HTTP_LISTEN:-127.0.0.1:48881}",
            description = "Address for the HTTP API and dashboard (env COUNTD_HTTP_LISTEN; default ${DEFAULT-VALUE}).")
    String http;

    @Mixin
    WorkerOptions workerOptions;

    @Option(names = "--read-threads", paramLabel = "N", defaultValue = "${env:COUNTD_READ_THREADS:-4}",
            description = "Threads answering reads (env COUNTD_READ_THREADS; default ${DEFAULT-VALUE}).")
    int readThreads;

    @Mixin
    WriteOptions writeOptions;

    @Mixin
    PoolOptions pool;

    @Override
    public Integer call() throws Exception {
        Checked.flags(() -> HostPort.parse(write), () -> HostPort.parse(read), () -> HostPort.parse(http),
                () -> pool.config(),
                () -> workerOptions.check(),
                () -> CountdWorker.positive("--read-threads", readThreads));
        DataFolder folder = DataFolder.open(data.data, true);
        CommitLogPool logs = CommitLogPool.open(folder.root(), pool.config());
        KeyspaceStore store = KeyspaceStore.open(folder.keyspaces(), KeyspaceStore.Access.READ_WRITE);
        WorkerDaemon workers = WorkerDaemon.start(logs, store, folder.quarantine(), workerOptions.threads,
                workerOptions.check());
        ReadServer reader = null;
        WriteDaemon writer = null;
        HttpServer web;
        try {
            reader = ReadServer.start(HostPort.parse(read), store, readThreads);
            writer = WriteDaemon.start(logs, pool.logSize, writeOptions.fsync, HostPort.parse(write), writeOptions.ioThreads);
            CountdMetrics metrics = CountdMetrics.builder().write(writer.server().stats(), writer.commit()).pool(logs)
                    .workers(workers.stats()).read(reader.stats()).store(store).build();
            Health health = Health.builder().daemon("write", writer.server()::isRunning)
                    .daemon("workers", workers::isRunning).daemon("read", reader::isRunning)
                    .writable("data folder", List.of(folder.root(), folder.keyspaces())).build();
            web = HttpServer.start(HostPort.parse(http), new HttpApi(store, metrics, health), HttpServer.THREADS);
        } catch (RuntimeException e) {
            if (writer != null) {
                writer.close();
            }
            if (reader != null) {
                reader.close();
            }
            workers.close();
            store.close();
            logs.close();
            throw e;
        }
        System.out.println("countd: writes on " + HostPort.format(writer.address()) + ", reads on "
                + HostPort.format(reader.address()) + ", HTTP on " + HostPort.format(web.address()) + ", data in "
                + folder.root() + " (fsync " + writeOptions.fsync + ")");
        System.out.flush();
        WriteDaemon w = writer;
        ReadServer r = reader;
        return Running.untilSignalled("countd", () -> {
            web.close();
            w.close();
            workers.close();
            r.close();
            store.close();
            logs.close();
        });
    }
}
