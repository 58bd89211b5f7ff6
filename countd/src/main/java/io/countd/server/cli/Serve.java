package io.countd.server.cli;

import io.countd.server.DataFolder;
import io.countd.server.WorkerDaemon;
import io.countd.server.WriteDaemon;
import io.countd.server.log.CommitLogPool;
import io.countd.server.net.HostPort;
import io.countd.server.read.ReadServer;
import io.countd.server.store.KeyspaceStore;
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

    @Option(names = "--threads", paramLabel = "N", defaultValue = "${env:COUNTD_WORKER_THREADS:-1}",
            description = "Worker threads (env COUNTD_WORKER_THREADS; default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--read-threads", paramLabel = "N", defaultValue = "${env:COUNTD_READ_THREADS:-4}",
            description = "Threads answering reads (env COUNTD_READ_THREADS; default ${DEFAULT-VALUE}).")
    int readThreads;

    @Mixin
    WriteOptions writeOptions;

    @Mixin
    PoolOptions pool;

    @Override
    public Integer call() throws Exception {
        Checked.flags(() -> HostPort.parse(write), () -> HostPort.parse(read), () -> pool.config(),
                () -> CountdWorker.positive("--threads", threads),
                () -> CountdWorker.positive("--read-threads", readThreads));
        DataFolder folder = DataFolder.open(data.data, true);
        CommitLogPool logs = CommitLogPool.open(folder.root(), pool.config());
        KeyspaceStore store = KeyspaceStore.open(folder.keyspaces(), KeyspaceStore.Access.READ_WRITE);
        WorkerDaemon workers = WorkerDaemon.start(logs, store, folder.quarantine(), threads);
        ReadServer reader = null;
        WriteDaemon writer = null;
        try {
            reader = ReadServer.start(HostPort.parse(read), store, readThreads);
            writer = WriteDaemon.start(logs, pool.logSize, writeOptions.fsync, HostPort.parse(write), writeOptions.ioThreads);
        } catch (RuntimeException e) {
            if (reader != null) {
                reader.close();
            }
            workers.close();
            store.close();
            logs.close();
            throw e;
        }
        System.out.println("countd: writes on " + HostPort.format(writer.address()) + ", reads on "
                + HostPort.format(reader.address()) + ", data in " + folder.root() + " (fsync "
                + writeOptions.fsync + ")");
        System.out.flush();
        WriteDaemon w = writer;
        ReadServer r = reader;
        return Running.untilSignalled("countd", () -> {
            w.close();
            workers.close();
            r.close();
            store.close();
            logs.close();
        });
    }
}
