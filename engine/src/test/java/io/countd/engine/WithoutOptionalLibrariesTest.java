package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's optional libraries (Apache Commons Compress with commons-io for bzip2, lz4-java for
 * the LZ4 codec) really are optional: in a JVM whose classpath lacks them, plain and deflate files
 * work, and a bzip2 file or the LZ4 codec gives a {@link TcException} naming what to add.
 */
class WithoutOptionalLibrariesTest {
    private static final List<String> OPTIONAL = List.of("commons-compress", "commons-io", "lz4-java");

    @Test
    void plainAndDeflateFilesWorkAndBzip2AndLz4SayWhatToAdd(@TempDir Path dir) {
        Path bzip2 = dir.resolve("bzip2.tch");
        try (HashDatabase db = HashDatabase.builder(bzip2).options(Option.BZIP).open()) {
            db.put("k".getBytes(StandardCharsets.US_ASCII), "v".getBytes(StandardCharsets.US_ASCII));
        }
        String classpath = classpath();
        for (String library : OPTIONAL) {
            assertEquals(-1, classpath.indexOf(File.separator + library + File.separator), classpath);
        }
        ProcessResult r = TcOracle.run(dir, 120, Map.of(), null, JavaChild.command(List.of(), classpath,
                WithoutOptionalLibrariesChild.class, dir.toString(), bzip2.toString()).toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(String.join("\n",
                "commons-compress absent",
                "lz4-java absent",
                "plain: v",
                "deflate: v",
                "bzip2: 2 invalid operation: the file's values are bzip2-compressed (option BZIP), which needs Apache"
                        + " Commons Compress: add the dependency org.apache.commons:commons-compress (which brings"
                        + " commons-io) to the classpath",
                "lz4: 2 invalid operation: the LZ4 codec needs lz4-java: add the dependency at.yawk.lz4:lz4-java to"
                        + " the classpath",
                ""), r.out(), r.toString());
    }

    /** The test classpath without the optional libraries' jars. */
    private static String classpath() {
        // Surefire runs tests from a manifest-only jar and gives the real classpath in this property.
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(full.split(File.pathSeparator))
                .filter(entry -> OPTIONAL.stream().noneMatch(lib -> entry.contains(File.separator + lib + File.separator)))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
