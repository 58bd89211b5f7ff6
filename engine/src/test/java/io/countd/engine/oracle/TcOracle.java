package io.countd.engine.oracle;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Access to the reference implementation: Debian's Tokyo Cabinet 1.4.48 binaries ({@code tchmgr},
 * {@code tchtest}) and its C library, against which our tests compare.
 *
 * <p>On a developer machine without them, tests that need them are skipped with a loud message
 * naming the packages to install. When the environment variable {@code CI} is {@code true}, a
 * missing binary fails the test instead: CI must never pass by skipping the oracle.
 */
public final class TcOracle {
    public static final String PACKAGES = "tokyocabinet-bin libtokyocabinet-dev";

    private static final Map<String, Path> COMPILED = new ConcurrentHashMap<>();
    /**
     * Threads that drain a process's output, one per stream: the default executor may have a single
     * thread (Java 25's common pool on 2 CPUs), and a process filling its error pipe while the one
     * thread waits for the end of its output would never end.
     */
    private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "tc-oracle-output");
        t.setDaemon(true);
        return t;
    });

    private TcOracle() {
    }

    /** Requires {@code tchmgr} and {@code tchtest} on the PATH. */
    public static void requireBinaries() {
        require(onPath("tchmgr") != null && onPath("tchtest") != null, "the tchmgr and tchtest binaries", PACKAGES);
    }

    /** Requires gcc and the Tokyo Cabinet headers and library, to build C helpers. */
    public static void requireDevLibrary() {
        require(onPath("gcc") != null && Files.exists(Path.of("/usr/include/tchdb.h")),
                "gcc and the Tokyo Cabinet headers (tchdb.h)", PACKAGES);
    }

    /** Requires what {@link #requireDevLibrary} does, and liblz4's header and library. */
    public static void requireLz4DevLibrary() {
        requireDevLibrary();
        require(Files.exists(Path.of("/usr/include/lz4.h")), "liblz4's header (lz4.h)", "liblz4-dev");
    }

    private static void require(boolean present, String what, String packages) {
        if (present) {
            return;
        }
        String message = "Tokyo Cabinet oracle missing: " + what + ". Install with: apt-get install -y " + packages;
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (CI=true: tests that need the oracle fail rather than skip)");
        }
        System.err.println("\n*** SKIPPED: " + message + " ***\n");
        Assumptions.abort(message);
    }

    /** The absolute path of an executable on the PATH, or null. */
    public static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Compiles the C program {@code native/<name>.c} from the test resources against the Debian
     * library, once per JVM, and returns the executable.
     */
    public static Path compile(String name) {
        requireDevLibrary();
        return COMPILED.computeIfAbsent(name, n -> build(n, resource("/native/" + n + ".c")));
    }

    /**
     * Compiles C source text against the Debian library and the further {@code libraries} (names
     * for gcc's {@code -l}), once per JVM and name, and returns the executable.
     */
    public static Path compileSource(String name, String source, String... libraries) {
        requireDevLibrary();
        return COMPILED.computeIfAbsent(name, n -> build(n, source.getBytes(StandardCharsets.UTF_8), libraries));
    }

    /** A test resource's bytes. */
    public static byte[] resource(String name) {
        try (InputStream in = TcOracle.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path build(String name, byte[] source, String... libraries) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "native")).toAbsolutePath();
            Path src = dir.resolve(name + ".c");
            Files.write(src, source);
            Path exe = dir.resolve(name).toAbsolutePath();
            List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", exe.toString(), src.toString(),
                    "-ltokyocabinet"));
            for (String library : libraries) {
                command.add("-l" + library);
            }
            ProcessResult r = run(dir, 120, command.toArray(String[]::new));
            if (r.exitCode() != 0) {
                throw new IllegalStateException("gcc failed for " + name + ":\n" + r);
            }
            return exe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command in {@code dir} with no input, waiting at most {@code timeoutSeconds}. */
    public static ProcessResult run(Path dir, int timeoutSeconds, String... command) {
        return run(dir, timeoutSeconds, Map.of(), null, command);
    }

    /**
     * Runs a command in {@code dir} with extra environment variables and optional standard input,
     * waiting at most {@code timeoutSeconds}; a process that overruns is killed and fails the test.
     */
    public static ProcessResult run(Path dir, int timeoutSeconds, Map<String, String> env, byte[] stdin,
            String... command) {
        ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile());
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()), READERS);
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()), READERS);
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException e) {
                // A process may exit without reading its input, closing the pipe first; what it did
                // read, and its output, are what the caller checks.
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out after " + timeoutSeconds + "s: " + String.join(" ", command));
            }
            return new ProcessResult(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command and fails the test unless it exits 0. */
    public static ProcessResult runOk(Path dir, String... command) {
        ProcessResult r = run(dir, 600, command);
        if (r.exitCode() != 0) {
            fail("command failed: " + String.join(" ", command) + "\n" + r);
        }
        return r;
    }

    /** Convenience: a command line as a list, for building argument vectors. */
    public static String[] argv(Object... parts) {
        List<String> list = new ArrayList<>();
        for (Object o : parts) {
            list.add(String.valueOf(o));
        }
        return list.toArray(new String[0]);
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
