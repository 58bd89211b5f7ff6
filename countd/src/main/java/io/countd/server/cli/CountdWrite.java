package io.countd.server.cli;

import io.countd.server.DataFolder;
import io.countd.server.WriteDaemon;
import io.countd.server.log.CommitLogPool;
import io.countd.server.net.HostPort;
import io.countd.server.write.FsyncPolicy;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code countd-write}: takes increments over TCP into the commit-log pool. */
@Command(name = "countd-write", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Takes increments (keyspace, key, n) over TCP into the commit-log pool of the data folder.",
        sortOptions = false)
public final class CountdWrite implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "${env:COUNTD_WRITE_LISTEN:-127.0.0.1:48879}",
            description = "Address to listen on (env COUNTD_WRITE_LISTEN; default ${DEFAULT-VALUE}).")
    String listen;

    @Mixin
    WriteOptions write;

    @Mixin
    PoolOptions pool;

    public static void main(String[] args) {
        System.exit(Launcher.run("countd-write", new CountdWrite(), args));
    }

    @Override
    public Integer call() throws Exception {
        Checked.flags(() -> HostPort.parse(listen), () -> pool.config());
        DataFolder folder = DataFolder.open(data.data, true);
        CommitLogPool logs = CommitLogPool.open(folder.root(), Checked.flag(pool::config));
        WriteDaemon writer;
        try {
            writer = WriteDaemon.start(logs, pool.logSize, write.fsync, HostPort.parse(listen), write.ioThreads);
        } catch (RuntimeException e) {
            logs.close();
            throw e;
        }
        System.out.println("countd-write: listening on " + HostPort.format(writer.address()) + " (data "
                + folder.root() + ", fsync " + write.fsync + ")");
        System.out.flush();
        return Running.untilSignalled("countd-write", () -> {
            writer.close();
            logs.close();
        });
    }
}
