package io.countd.engine;

/**
 * Builds TCBS streams from their parts, independently of {@link TcbsCodec}, so tests can write the
 * streams no encoder produces.
 */
final class TcbsStreams {
    private TcbsStreams() {
    }

    /**
     * The stream holding exactly the given code bits ('0' and '1'; spaces are ignored for
     * readability), with the end marker of the first byte set to match.
     */
    static byte[] fromBits(CharSequence bits) {
        String b = bits.toString().replace(" ", "");
        int end = 3 + b.length();
        byte[] out = new byte[end / 8 + 1];
        for (int i = 0; i < b.length(); i++) {
            if (b.charAt(i) == '1') {
                int p = 3 + i;
                out[p / 8] |= (byte) (1 << (p % 8));
            }
        }
        out[0] |= (byte) (end % 8);
        return out;
    }

    /** The code bits for a unit sequence (indexes and last columns, before move-to-front). */
    private static String codeBits(byte[] block) {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            table[i] = i;
        }
        StringBuilder bits = new StringBuilder();
        for (byte b : block) {
            int value = b & 0xff;
            int rank = 0;
            while (table[rank] != value) {
                rank++;
            }
            System.arraycopy(table, 0, table, 1, rank);
            table[0] = value;
            String binary = Integer.toBinaryString(rank + 1);
            bits.append("0".repeat(binary.length() - 1)).append(binary);
        }
        return bits.toString();
    }

    /** The stream for a unit sequence (indexes and last columns, before move-to-front). */
    static byte[] pack(byte[] block) {
        return fromBits(codeBits(block));
    }

    /** The stream for a single unit: its two index bytes as stored, then its last column. */
    static byte[] packUnit(byte[] index, byte[] lastColumn) {
        byte[] block = new byte[index.length + lastColumn.length];
        System.arraycopy(index, 0, block, 0, index.length);
        System.arraycopy(lastColumn, 0, block, index.length, lastColumn.length);
        return pack(block);
    }
}
