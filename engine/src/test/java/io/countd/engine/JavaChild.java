package io.countd.engine;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a main class of the test classpath in a fresh JVM, for limits one JVM cannot impose on itself. */
final class JavaChild {
    private JavaChild() {
    }

    /** The command line for {@code main} with the given JVM options and arguments. */
    static List<String> command(List<String> jvmOptions, Class<?> main, String... args) {
        return command(jvmOptions, System.getProperty("java.class.path"), main, args);
    }

    /** The command line for {@code main} on the given class path, with JVM options and arguments. */
    static List<String> command(List<String> jvmOptions, String classpath, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        // A child lives briefly: the quick compiler and a small serial heap start it fastest.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code main} to completion in {@code dir}, failing the test after {@code timeoutSeconds}. */
    static ProcessResult run(Path dir, int timeoutSeconds, List<String> jvmOptions, Class<?> main, String... args) {
        return TcOracle.run(dir, timeoutSeconds, Map.of(), null, command(jvmOptions, main, args).toArray(new String[0]));
    }
}
