package io.countd.server.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What {@code GET /health} checks: that each daemon of the process runs and that the data folder
 * is writable. Each check gives null when fine, else a short problem.
 *
 * <p><b>Threads:</b> immutable once built; checks may run on any thread.
 */
public final class Health {
    private final Map<String, Supplier<String>> checks;

    private Health(Map<String, Supplier<String>> checks) {
        this.checks = checks;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the checks, in the order they are reported. */
    public static final class Builder {
        private final Map<String, Supplier<String>> checks = new LinkedHashMap<>();

        private Builder() {
        }

        /** A daemon that is fine while {@code running} says so. */
        public Builder daemon(String name, BooleanSupplier running) {
            checks.put(name, () -> running.getAsBoolean() ? null : "not running");
            return this;
        }

        /**
         * A folder that must exist and be writable by this process (as the operating system says:
         * a read-only mount fails it, a full disk does not).
         */
        public Builder writable(String name, List<Path> folders) {
            List<Path> copy = List.copyOf(folders);
            checks.put(name, () -> {
                for (Path p : copy) {
                    if (!Files.isDirectory(p)) {
                        return p.getFileName() + " is missing";
                    }
                    if (!Files.isWritable(p)) {
                        return p.getFileName() + " is not writable";
                    }
                }
                return null;
            });
            return this;
        }

        public Health build() {
            return new Health(new LinkedHashMap<>(checks));
        }
    }

    /**
     * Runs every check.
     *
     * @return each check's problem (null when fine), in order
     */
    Map<String, String> run() {
        Map<String, String> out = new LinkedHashMap<>();
        checks.forEach((name, check) -> out.put(name, check.get()));
        return out;
    }

    /** The problems of {@code results} as one line, or null when there are none. */
    static String reason(Map<String, String> results) {
        List<String> problems = new ArrayList<>();
        results.forEach((name, problem) -> {
            if (problem != null) {
                problems.add(name + ": " + problem);
            }
        });
        return problems.isEmpty() ? null : String.join("; ", problems);
    }
}
