package io.countd.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A separate process that holds POSIX (fcntl) locks on files for the integration tests, so that
 * the tools under test meet a lock held by another process, as they would in production. Commands
 * on standard input, one per line, each answered with one line: {@code lock ex|sh <path>} (waits
 * for the lock; answers {@code locked}), {@code unlock <path>} (answers {@code unlocked}). It exits
 * when its input ends, which releases everything.
 */
public final class LockServer {
    private LockServer() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, FileChannel> held = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String line;
        while ((line = in.readLine()) != null) {
            String[] f = line.split(" ", 3);
            try {
                if (f[0].equals("lock")) {
                    boolean shared = f[1].equals("sh");
                    FileChannel ch = shared ? FileChannel.open(Path.of(f[2]), StandardOpenOption.READ)
                            : FileChannel.open(Path.of(f[2]), StandardOpenOption.READ, StandardOpenOption.WRITE);
                    FileLock lock = ch.lock(0, Long.MAX_VALUE, shared);
                    held.put(f[2], ch);
                    out.println(lock.isValid() ? "locked" : "failed");
                } else if (f[0].equals("unlock")) {
                    FileChannel ch = held.remove(line.substring("unlock ".length()));
                    if (ch != null) {
                        ch.close();
                    }
                    out.println("unlocked");
                } else {
                    out.println("unknown command");
                }
            } catch (IOException | RuntimeException e) {
                out.println("failed " + e);
            }
        }
    }
}
