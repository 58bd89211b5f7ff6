package io.countd.engine;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the file reader with Jazzer (the {@code fuzz} profile): any bytes, as
 * a database file, opened as a reader and as a writer, iterated, read, written and closed. Only
 * normal results and {@link TcException}s may come out; Jazzer reports anything else, and any
 * input that runs too long, with the input that caused it.
 *
 * <p>Without {@code JAZZER_FUZZ=1} (that is, outside the profile) Jazzer only replays the inputs
 * kept under {@code src/fuzz/resources}.
 */
class FileReaderJazzerTest {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempDirectory("jazzer").resolve("fuzz.tch");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void anyBytesAsADatabase(byte[] data) throws IOException {
        Files.write(FILE, data);
        for (boolean writer : new boolean[] {false, true}) {
            HashDatabase.Builder b = HashDatabase.builder(FILE).create(false).codec(ValueCodec.identity());
            HashDatabase h;
            try {
                h = (writer ? b : b.readOnly()).open();
            } catch (TcException e) {
                continue;
            }
            try {
                List<byte[]> keys = new ArrayList<>();
                h.stream().limit(1000).forEach(e -> keys.add(e.key()));
                for (byte[] k : keys) {
                    h.get(k);
                }
                h.verify();
                if (writer) {
                    h.put("fuzz".getBytes(), data.length > 64 ? java.util.Arrays.copyOf(data, 64) : data);
                    if (!keys.isEmpty()) {
                        h.remove(keys.get(0));
                    }
                }
            } catch (TcException e) {
                // a damaged file may fail any operation with TC's error
            } finally {
                try {
                    h.close();
                } catch (TcException e) {
                    // reported; the file is released all the same
                }
            }
        }
    }
}
