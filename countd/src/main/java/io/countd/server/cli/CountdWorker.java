package io.countd.server.cli;

import io.countd.server.DataFolder;
import io.countd.server.WorkerDaemon;
import io.countd.server.log.CommitLogPool;
import io.countd.server.store.KeyspaceStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code countd-worker}: applies sealed commit logs to the keyspace files. */
@Command(name = "countd-worker", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Applies full commit logs of the data folder to its keyspace files, exactly once.",
            "Several workers may run at once on one data folder, in one or several processes."},
        sortOptions = false)
public final class CountdWorker implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    WorkerOptions workerOptions;

    @Mixin
    PoolOptions pool;

    public static void main(String[] args) {
        System.exit(Launcher.run("countd-worker", new CountdWorker(), args));
    }

    @Override
    public Integer call() throws Exception {
        Checked.flags(() -> pool.config(), () -> workerOptions.check());
        int threads = workerOptions.threads;
        DataFolder folder = DataFolder.open(data.data, true);
        CommitLogPool logs = CommitLogPool.open(folder.root(), pool.config());
        KeyspaceStore store = KeyspaceStore.open(folder.keyspaces(), KeyspaceStore.Access.READ_WRITE);
        WorkerDaemon workers = WorkerDaemon.start(logs, store, folder.quarantine(), threads,
                workerOptions.check());
        System.out.println("countd-worker: " + threads + " worker thread(s) on " + folder.root());
        System.out.flush();
        return Running.untilSignalled("countd-worker", () -> {
            workers.close();
            store.close();
            logs.close();
        });
    }

    static int positive(String flag, int value) {
        if (value < 1 || value > 1024) {
            throw new IllegalArgumentException(flag + " must be from 1 to 1024, not " + value);
        }
        return value;
    }
}
