package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A countd daemon started as a real child process from the shaded jar ({@code countd.jar}, whose
 * path failsafe passes in the system property {@code countd.jar}). Waits for the daemon's first
 * line on standard output, which says where it listens; standard error goes to a file.
 */
final class CountdProcess implements AutoCloseable {
    private static final Pattern ADDRESS = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+):(\\d+)");

    private final Process process;
    private final Path stderr;
    private final String banner;
    private final List<InetSocketAddress> addresses = new ArrayList<>();

    private CountdProcess(Process process, Path stderr, String banner) {
        this.process = process;
        this.stderr = stderr;
        this.banner = banner;
        Matcher m = ADDRESS.matcher(banner);
        while (m.find()) {
            addresses.add(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
        }
    }

    static Path jar() {
        String jar = System.getProperty("countd.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            fail("system property countd.jar must name the shaded jar (run through failsafe after package): " + jar);
        }
        return Path.of(jar);
    }

    /**
     * Lets Netty load its epoll library without the warning Java 24 and later print otherwise, as the
     * launchers do (Java 17 accepts the flag too).
     */
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /** Starts {@code main} (a class of io.countd.server.cli) with {@code args}; waits for its banner. */
    static CountdProcess start(Path logDir, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx512m");
        cmd.add(NATIVE_ACCESS);
        cmd.add("-cp");
        cmd.add(jar().toString());
        cmd.add("io.countd.server.cli." + main);
        cmd.addAll(List.of(args));
        Files.createDirectories(logDir);
        Path err = Files.createTempFile(logDir, main + "-", ".stderr");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String[] first = new String[1];
        Thread reader = new Thread(() -> {
            try {
                first[0] = out.readLine();
                while (out.readLine() != null) {
                    // Drain, so the child never blocks on a full pipe.
                }
            } catch (IOException ignored) {
                // The child died; the banner check below reports it.
            }
        }, "stdout-" + main);
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (first[0] == null && p.isAlive() && System.nanoTime() < deadline) {
            sleep(20);
        }
        if (first[0] == null) {
            p.destroyForcibly();
            fail(main + " did not start: " + Files.readString(err));
        }
        return new CountdProcess(p, err, first[0]);
    }

    String banner() {
        return banner;
    }

    /** The i-th address in the banner (serve: 0 = writes, 1 = reads). */
    InetSocketAddress address(int i) {
        return addresses.get(i);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderr() throws IOException {
        return Files.readString(stderr);
    }

    /** SIGKILL, and wait for the process to be gone. */
    void kill() {
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    /** SIGTERM; returns the exit code. */
    int terminate() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("no exit within 60 s of SIGTERM: " + stderr());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
