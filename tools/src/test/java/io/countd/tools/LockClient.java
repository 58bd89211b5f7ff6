package io.countd.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Talks to one {@link LockServer} process, started on first use and stopped by {@link #close()}. */
final class LockClient implements AutoCloseable {
    private Process process;
    private Writer to;
    private BufferedReader from;

    /** Takes a lock on {@code file} in the server process; returns when it is held. */
    synchronized void lock(Path file, boolean exclusive) {
        String answer = send("lock " + (exclusive ? "ex " : "sh ") + file.toAbsolutePath());
        if (!answer.equals("locked")) {
            throw new IllegalStateException("lock server: " + answer);
        }
    }

    synchronized void unlock(Path file) {
        send("unlock " + file.toAbsolutePath());
    }

    private String send(String command) {
        try {
            if (process == null) {
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                process = new ProcessBuilder(List.of(java, "-XX:+UseSerialGC", "-cp",
                        System.getProperty("java.class.path"), LockServer.class.getName()))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                to = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
                from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            }
            to.write(command + "\n");
            to.flush();
            String answer = from.readLine();
            if (answer == null) {
                throw new IllegalStateException("lock server exited");
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            try {
                to.close();
                process.waitFor();
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            process = null;
        }
    }
}
