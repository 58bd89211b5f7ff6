package io.countd.server.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A worker process for the multi-process tests: applies logs {@code first..last} of
 * {@link Logs}{@code (seed, keys, size)} to one keyspace, stream 0, position = log number, and
 * prints each log's number once its apply has returned.
 *
 * <p>usage: ApplyLoop DIR KEYSPACE SEED KEYS SIZE FIRST LAST
 */
public final class ApplyLoop {
    private ApplyLoop() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        byte[] keyspace = args[1].getBytes(StandardCharsets.UTF_8);
        Logs logs = new Logs(Long.parseLong(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        int first = Integer.parseInt(args[5]);
        int last = Integer.parseInt(args[6]);
        PrintStream out = System.out;
        try (KeyspaceStore store = KeyspaceStore.open(dir, KeyspaceStore.Access.READ_WRITE)) {
            for (int n = first; n <= last; n++) {
                store.apply(keyspace, 0, n, logs.log(n).deltas);
                out.println(n);
                out.flush();
            }
        }
    }

    /** Starts this class in a new JVM with the test class path. */
    static Process start(Path dir, String keyspace, long seed, int keys, int size, int first, int last) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), ApplyLoop.class.getName(), dir.toString(), keyspace,
                Long.toString(seed), Integer.toString(keys), Integer.toString(size), Integer.toString(first),
                Integer.toString(last)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
