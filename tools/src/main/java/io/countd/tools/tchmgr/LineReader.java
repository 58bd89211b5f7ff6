package io.countd.tools.tchmgr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The lines of {@code importtsv}'s input as TC's tool reads them: a line ends at LF or at CR (so
 * CRLF also yields an empty line), NUL bytes are dropped, the last line needs no terminator, and
 * lines have no length limit.
 */
final class LineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int end;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of the input. */
    byte[] next() throws IOException {
        line.reset();
        boolean any = false;
        while (true) {
            if (pos == end) {
                end = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (end <= 0) {
                    end = 0;
                    return any ? line.toByteArray() : null;
                }
            }
            int c = buffer[pos++];
            any = true;
            if (c == '\n' || c == '\r') {
                return line.toByteArray();
            }
            if (c != 0) {
                line.write(c);
            }
        }
    }
}
