package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.ProcessResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged and hostile files, by the ten thousand: {@link FuzzChild} mutates the seed corpus (files
 * made by Debian's {@code tchtest} and {@code tchmgr}, in {@code src/test/resources/corpus}) and
 * drives each mutant through open, iteration, lookups, writes and close, as a reader and as a
 * writer, in a JVM limited to 256 MiB of heap. Every step must end normally or in a
 * {@link TcException} within one second, and close must release the lock.
 *
 * <p>{@code -Dfuzz.files=N} sets the number of mutants (10,000 by default; the soak profile
 * 100,000), {@code -Dfuzz.seed=S} the seed.
 */
class CorruptionFuzzTest {
    @TempDir
    Path dir;

    @Test
    void noDamagedFileHurtsTheProcess() {
        int files = Integer.getInteger("fuzz.files", 10_000);
        long seed = Long.getLong("fuzz.seed", 1);
        Path corpus = TestFiles.projectRoot().resolve("engine/src/test/resources/corpus");
        ProcessResult r = JavaChild.run(dir, 1800, List.of("-Xmx256m", "-Djava.util.logging.config.file=/dev/null"),
                FuzzChild.class, corpus.toString(), dir.toString(), String.valueOf(seed), String.valueOf(files));
        System.err.println("CorruptionFuzzTest: " + r.out().lines().findFirst().orElse(""));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("files " + files + " failures 0 "), r::toString);
    }
}
