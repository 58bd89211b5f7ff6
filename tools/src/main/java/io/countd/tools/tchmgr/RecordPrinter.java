package io.countd.tools.tchmgr;

import io.countd.tools.Console;
import io.countd.tools.tc.HexCodec;

/** Prints keys and values as {@code tchmgr} does: raw bytes, or with {@code -px} spaced upper-case hex. */
final class RecordPrinter {
    private RecordPrinter() {
    }

    static void data(Console console, byte[] data, boolean hex) {
        console.out(hex ? HexCodec.encode(data) : data);
    }

    /** One {@code list} line: the key, with {@code -pv} a tab and the value (if there is one), a newline. */
    static void line(Console console, byte[] key, byte[] value, boolean hex) {
        data(console, key, hex);
        if (value != null) {
            console.out('\t');
            data(console, value, hex);
        }
        console.out('\n');
    }
}
