package io.countd.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the machine-readable vectors of format-spec/vectors: tab-separated, '#' starts a comment
 * line, the first other line names the columns.
 */
public final class Vectors {
    private Vectors() {
    }

    /** The md5 of golden workload {@code id} in big-endian files (tchdb-golden.tsv). */
    public static String golden(String id) {
        return load("tchdb-golden.tsv").stream()
                .filter(r -> r.get("id").equals(id) && r.get("byte_order").equals("be")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no golden row " + id)).get("md5");
    }

    /** The rows of {@code format-spec/vectors/<name>}, each a map from column name to cell. */
    public static List<Map<String, String>> load(String name) {
        Path file = TestFiles.projectRoot().resolve("format-spec").resolve("vectors").resolve(name);
        try {
            List<Map<String, String>> rows = new ArrayList<>();
            String[] header = null;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (header == null) {
                    header = cells;
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    row.put(header[i].trim(), i < cells.length ? cells[i].trim() : "");
                }
                rows.add(row);
            }
            if (rows.isEmpty()) {
                throw new IllegalStateException("no vectors in " + file);
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
