package io.countd.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code countd SUBCOMMAND …} from the shaded jar as a child process and collects what it printed. */
final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one run printed, and its exit code. */
    record Result(int exit, String out, String err) {
        /** Standard output parsed as one JSON text (failing the test if it is not). */
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        Result expectExit(int code) {
            assertEquals(code, exit, () -> "exit code; stdout:\n" + out + "\nstderr:\n" + err);
            return this;
        }

        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Cli() {
    }

    /** Runs {@code countd args…}, waiting at most 120 s. */
    static Result run(Path work, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        // A short-lived command: the first compiler tier and one GC thread start fastest.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.add(CountdProcess.NATIVE_ACCESS);
        cmd.add("-cp");
        cmd.add(CountdProcess.jar().toString());
        cmd.add("io.countd.server.cli.Countd");
        cmd.addAll(List.of(args));
        Files.createDirectories(work);
        Path out = Files.createTempFile(work, "cli-", ".out");
        Path err = Files.createTempFile(work, "cli-", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("countd " + String.join(" ", args) + " did not end within 120 s: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
