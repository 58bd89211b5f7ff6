package io.countd.server.cli;

import io.countd.server.DataFolder;
import io.countd.server.net.HostPort;
import io.countd.server.read.ReadServer;
import io.countd.server.store.KeyspaceStore;
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

    @Option(names = "--read-threads", paramLabel = "N", defaultValue = "${env:COUNTD_READ_THREADS:-4}",
            description = "Threads answering requests (env COUNTD_READ_THREADS; default ${DEFAULT-VALUE}).")
    int readThreads;

    public static void main(String[] args) {
        System.exit(Launcher.run("countd-read", new CountdRead(), args));
    }

    @Override
    public Integer call() throws Exception {
        Checked.flags(() -> HostPort.parse(listen), () -> CountdWorker.positive("--read-threads", readThreads));
        DataFolder folder = DataFolder.open(data.data, true);
        KeyspaceStore store = KeyspaceStore.open(folder.keyspaces(), KeyspaceStore.Access.READ_ONLY);
        ReadServer reader;
        try {
            reader = ReadServer.start(HostPort.parse(listen), store, readThreads);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        System.out.println("countd-read: listening on " + HostPort.format(reader.address()) + " (data "
                + folder.root() + ")");
        System.out.flush();
        return Running.untilSignalled("countd-read", () -> {
            reader.close();
            store.close();
        });
    }
}
