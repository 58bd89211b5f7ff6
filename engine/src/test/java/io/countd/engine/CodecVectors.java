package io.countd.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The shared codec vectors of {@code format-spec/vectors/tchdb-codecs.tsv}. */
final class CodecVectors {
    static final String FILE = "format-spec/vectors/tchdb-codecs.tsv";
    private static final String HEADER = "codec\tbyte_order\tinput_hex\toutput_hex";
    private static final String NONE = "-";

    /** One vector; {@code order} is null for codecs without a byte order. */
    record Vector(int line, String description, String codec, ByteOrder order, byte[] input, byte[] output) {
        @Override
        public String toString() {
            return "line " + line + ": " + codec + (order == null ? "" : " " + order) + ", " + description;
        }
    }

    private CodecVectors() {
    }

    /** All vectors, in file order. */
    static List<Vector> all() {
        Path file = locate();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Vector> vectors = new ArrayList<>();
        boolean headerSeen = false;
        String description = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#")) {
                description = line.substring(1).trim();
            } else if (!headerSeen) {
                if (!line.equals(HEADER)) {
                    throw new IllegalStateException(file + ":" + (i + 1) + ": expected the header line " + HEADER);
                }
                headerSeen = true;
            } else if (!line.isEmpty()) {
                vectors.add(parse(file, i + 1, description, line));
            }
        }
        return vectors;
    }

    /** The vectors of one codec. */
    static List<Vector> of(String codec) {
        return all().stream().filter(v -> v.codec().equals(codec)).toList();
    }

    /** The codec a vector is for. */
    static ValueCodec codecFor(Vector v) {
        return switch (v.codec()) {
            case "tcbs" -> new TcbsCodec(v.order());
            case "deflate" -> new DeflateCodec();
            case "bzip" -> new Bzip2Codec();
            default -> throw new IllegalStateException("unknown codec in " + v);
        };
    }

    private static Vector parse(Path file, int lineNumber, String description, String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 4) {
            throw new IllegalStateException(file + ":" + lineNumber + ": expected 4 tab-separated fields");
        }
        ByteOrder order = switch (f[1]) {
            case "big" -> ByteOrder.BIG_ENDIAN;
            case "little" -> ByteOrder.LITTLE_ENDIAN;
            case NONE -> null;
            default -> throw new IllegalStateException(file + ":" + lineNumber + ": bad byte order " + f[1]);
        };
        return new Vector(lineNumber, description, f[0], order, hex(f[2]), hex(f[3]));
    }

    private static byte[] hex(String field) {
        return field.equals(NONE) ? new byte[0] : HexFormat.of().parseHex(field);
    }

    private static Path locate() {
        return TestFiles.projectRoot().resolve(FILE);
    }
}
