package io.countd.server.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A {@link LogChild} JVM and its output, line by line. */
final class ChildProcess implements AutoCloseable {
    final Process process;
    private final BufferedReader out;

    ChildProcess(String mode, Path dir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LogChild.class.getName(), mode,
                dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    /** The next line, or null at the end of the output. */
    String line() throws IOException {
        return out.readLine();
    }

    /** SIGKILL, then wait for the end. */
    void kill() {
        process.destroyForcibly();
        process.onExit().orTimeout(60, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        kill();
    }
}
