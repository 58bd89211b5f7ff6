package io.countd.server.cli;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HexFormat;

/**
 * Writes one JSON text (RFC 8259) for the {@code --json} output of the admin commands, streaming
 * to standard output. The text is ASCII: every other character is a {@code \\uXXXX} escape, so it
 * reads the same whatever the terminal's encoding. A name (bytes) is a JSON string when it is
 * UTF-8, else an object {@code {"hex": "…"}} (format-spec/countd-cli.md).
 *
 * <p><b>Threads:</b> not thread-safe; one command writes one text.
 */
final class JsonWriter {
    private final PrintStream out;
    /** Per open object or array: whether the next value needs a comma before it. */
    private final ArrayDeque<boolean[]> open = new ArrayDeque<>();
    private boolean afterKey;

    JsonWriter(PrintStream out) {
        this.out = out;
    }

    JsonWriter beginObject() {
        separate();
        out.print('{');
        open.push(new boolean[1]);
        return this;
    }

    JsonWriter endObject() {
        open.pop();
        out.print('}');
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.print('[');
        open.push(new boolean[1]);
        return this;
    }

    JsonWriter endArray() {
        open.pop();
        out.print(']');
        return this;
    }

    /** The member name of the next value. */
    JsonWriter key(String name) {
        separate();
        quote(name);
        out.print(':');
        afterKey = true;
        return this;
    }

    JsonWriter value(String s) {
        separate();
        if (s == null) {
            out.print("null");
        } else {
            quote(s);
        }
        return this;
    }

    JsonWriter value(long n) {
        separate();
        out.print(n);
        return this;
    }

    JsonWriter value(double d) {
        separate();
        out.print(Double.isFinite(d) ? Double.toString(d) : "null");
        return this;
    }

    JsonWriter value(boolean b) {
        separate();
        out.print(b);
        return this;
    }

    JsonWriter nullValue() {
        separate();
        out.print("null");
        return this;
    }

    /** A name: a string when its bytes are UTF-8, else {@code {"hex":"…"}}. */
    JsonWriter name(byte[] bytes, int length) {
        String text = utf8(bytes, length);
        if (text != null) {
            return value(text);
        }
        return beginObject().key("hex").value(HexFormat.of().formatHex(bytes, 0, length)).endObject();
    }

    JsonWriter name(byte[] bytes) {
        return name(bytes, bytes.length);
    }

    /** Ends the text with a line feed. */
    void finish() {
        out.println();
        out.flush();
    }

    /** The text of {@code bytes[0..length)} when it is strict UTF-8, else null. */
    static String utf8(byte[] bytes, int length) {
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++) {
            ascii = bytes[i] >= 0;
        }
        if (ascii) {
            return new String(bytes, 0, length, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private void separate() {
        if (afterKey) {
            afterKey = false;
            return;
        }
        boolean[] state = open.peek();
        if (state != null) {
            if (state[0]) {
                out.print(',');
            }
            state[0] = true;
        }
    }

    private void quote(String s) {
        out.print('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.print("\\\"");
                case '\\' -> out.print("\\\\");
                case '\n' -> out.print("\\n");
                case '\r' -> out.print("\\r");
                case '\t' -> out.print("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7E) {
                        out.printf("\\u%04x", (int) c);
                    } else {
                        out.print(c);
                    }
                }
            }
        }
        out.print('"');
    }
}
