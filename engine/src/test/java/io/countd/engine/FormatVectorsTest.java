package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine's primitives against the machine-readable vectors of format-spec/vectors, which were
 * taken from files written by the reference implementation.
 */
class FormatVectorsTest {
    @Test
    void bucketIndexAndSecondaryHash() {
        for (Map<String, String> row : Vectors.load("tchdb-hash.tsv")) {
            byte[] key = HexFormat.of().parseHex(row.get("key_hex"));
            String where = "key " + row.get("key_hex");
            assertEquals(Long.parseUnsignedLong(row.get("idx")), KeyHash.rawIndex(key), where);
            assertEquals(Integer.parseInt(row.get("hash"), 16), KeyHash.secondary(key), where);
            assertEquals(Long.parseLong(row.get("bucket_131071")), KeyHash.bucket(key, 131071), where);
            assertEquals(Long.parseLong(row.get("bucket_11")), KeyHash.bucket(key, 11), where);
            assertEquals(Long.parseLong(row.get("bucket_1048573")), KeyHash.bucket(key, 1048573), where);
        }
    }

    @Test
    void varints() {
        for (Map<String, String> row : Vectors.load("tchdb-varint.tsv")) {
            long value = Long.parseLong(row.get("value"));
            byte[] expected = HexFormat.of().parseHex(row.get("hex").replace(" ", ""));
            byte[] out = new byte[10];
            int len = Varint.write(out, 0, value);
            assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(out, 0, len), "encode " + value);
            assertEquals(expected.length, Varint.length(value), "length " + value);
            Varint.Reader reader = new Varint.Reader(ByteBuffer.wrap(expected), 0, expected.length);
            assertEquals(value, reader.next(), "decode " + value);
            assertEquals(expected.length, reader.position(), "decoded length " + value);
            if (expected.length <= Varint.MAX_INT_LENGTH) {
                long packed = Varint.read(ByteBuffer.wrap(expected), 0, expected.length);
                assertEquals(value, Varint.value(packed), "decode as a record size " + value);
                assertEquals(expected.length, Varint.readLength(packed), "record size length " + value);
            }
        }
    }

    @Test
    void bucketCountRounding() {
        for (Map<String, String> row : Vectors.load("tchdb-bnum.tsv")) {
            assertEquals(Long.parseLong(row.get("actual")), BucketCount.round(Long.parseLong(row.get("requested"))),
                    "request " + row.get("requested"));
        }
    }

    @Test
    void firstRecordOffsets() {
        for (Map<String, String> row : Vectors.load("tchdb-frec.tsv")) {
            Tuning s = new Tuning(Long.parseLong(row.get("bnum")), Integer.parseInt(row.get("apow")),
                    Integer.parseInt(row.get("fpow")), row.get("large").equals("1") ? Option.LARGE.bit() : 0, null)
                    .normalized();
            Header h = Header.create(s.bnum(), s.apow(), s.fpow(), s.opts());
            assertEquals(Long.parseLong(row.get("frec")), h.frec, row.toString());
            assertEquals(Long.parseLong(row.get("msiz")), h.msiz(), row.toString());
        }
    }
}
