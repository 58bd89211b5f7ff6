package io.countd.server.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The codecs against {@code format-spec/vectors/countd-protocol.tsv}. */
class ProtocolVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    @TestFactory
    Stream<DynamicTest> everyVectorDecodesAndEncodesAsSpecified() throws IOException {
        List<String[]> rows = Files.readAllLines(TestFiles.projectRoot().resolve("format-spec/vectors/countd-protocol.tsv"))
                .stream().filter(l -> !l.startsWith("#")).skip(1).map(l -> l.split("\t", -1)).toList();
        assertTrue(rows.size() >= 25, "vectors present");
        return rows.stream().map(r -> DynamicTest.dynamicTest(r[0] + " " + r[2] + " -> " + abbreviate(r[3]), () -> check(r)));
    }

    private static void check(String[] r) {
        byte[] bytes = HEX.parseHex(r[1]);
        String[] f = r[2].split(",", -1);
        switch (r[0]) {
            case "write" -> {
                assertEquals(WriteMessage.SIZE, bytes.length);
                WriteMessage m = new WriteMessage().parse(bytes);
                assertEquals(Long.parseLong(f[0]), m.increment());
                assertEquals(f[1], HEX.formatHex(bytes, WriteMessage.KEYSPACE_OFFSET,
                        WriteMessage.KEYSPACE_OFFSET + m.keyspaceLength()));
                assertEquals(f[2], HEX.formatHex(bytes, WriteMessage.KEY_OFFSET, WriteMessage.KEY_OFFSET + m.keyLength()));
                assertEquals(r[3], m.rejected() ? "ERR" : "WIN");
                if (isPadded(bytes, WriteMessage.KEYSPACE_OFFSET, m.keyspaceLength())
                        && isPadded(bytes, WriteMessage.KEY_OFFSET, m.keyLength())) {
                    byte[] again = new byte[WriteMessage.SIZE];
                    WriteMessage.encode(m.increment(), HEX.parseHex(f[1]), HEX.parseHex(f[2]), again);
                    assertArrayEquals(bytes, again);
                }
            }
            case "read" -> {
                assertEquals(ReadRequest.SIZE, bytes.length);
                ReadRequest q = new ReadRequest().parse(bytes);
                assertEquals(f[0], HEX.formatHex(bytes, 0, q.keyspaceLength()));
                assertEquals(f[1], Long.toUnsignedString(q.offset()));
                assertEquals(f[2], Long.toUnsignedString(q.length()));
                assertEquals(r[3], q.problem() == null ? "ok" : q.problem());
                byte[] again = new byte[ReadRequest.SIZE];
                ReadRequest.encode(HEX.parseHex(f[0]), q.offset(), q.length(), again);
                assertArrayEquals(bytes, again);
            }
            case "rows" -> {
                String[] rowFields = r[2].isEmpty() ? new String[0] : r[2].split(",");
                byte[] out = new byte[ReadResponse.HEADER_SIZE + rowFields.length * ReadResponse.ROW_SIZE];
                LittleEndian.putLong(out, 0, rowFields.length);
                for (int i = 0; i < rowFields.length; i++) {
                    String[] cr = rowFields[i].split(":");
                    byte[] key = HEX.parseHex(cr[1]);
                    ReadResponse.encodeRow(Long.parseLong(cr[0]), key, key.length, out,
                            ReadResponse.HEADER_SIZE + i * ReadResponse.ROW_SIZE);
                }
                assertArrayEquals(bytes, out);
            }
            case "error" -> assertArrayEquals(bytes, ReadResponse.error(r[3]));
            default -> throw new AssertionError("unknown kind " + r[0]);
        }
    }

    private static boolean isPadded(byte[] b, int off, int len) {
        for (int i = off + len; i < off + WriteMessage.NAME_FIELD; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    @org.junit.jupiter.api.Test
    void anErrorMessageIsCutOnACharacterBoundary() {
        byte[] e = ReadResponse.error("é".repeat(200));
        byte[] text = Arrays.copyOfRange(e, ReadResponse.HEADER_SIZE, ReadResponse.ERROR_SIZE);
        String decoded = new String(text, StandardCharsets.UTF_8).replace("\0", "");
        assertEquals("é".repeat(128), decoded);
    }
}
