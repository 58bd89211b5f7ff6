package io.countd.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Names in JSON (format-spec/countd-http.md §3): a name that is valid UTF-8 is a JSON string; any
 * other is an object {@code {"hex": "<lowercase hex of its bytes>"}}. The JSON type tells the two
 * forms apart, so every name has exactly one form and reads back to the same bytes.
 */
public final class NameJson {
    private NameJson() {
    }

    /** Writes the JSON form of {@code name[0..length)} as the next value of {@code out}. */
    public static void write(JsonGenerator out, byte[] name, int length) throws IOException {
        String text = utf8(name, length);
        if (text != null) {
            out.writeString(text);
        } else {
            out.writeStartObject();
            out.writeStringField("hex", HexFormat.of().formatHex(name, 0, length));
            out.writeEndObject();
        }
    }

    /**
     * The bytes of a name's JSON form.
     *
     * @throws IllegalArgumentException when {@code form} is neither a string nor an object holding
     *     only {@code hex} with an even number of hex digits
     */
    public static byte[] read(JsonNode form) {
        if (form.isTextual()) {
            return form.textValue().getBytes(StandardCharsets.UTF_8);
        }
        JsonNode hex = form.isObject() && form.size() == 1 ? form.get("hex") : null;
        if (hex == null || !hex.isTextual()) {
            throw new IllegalArgumentException("a name is a JSON string or {\"hex\": \"...\"}, not " + form);
        }
        return HexFormat.of().parseHex(hex.textValue());
    }

    /** The name for messages and tables: its text when valid UTF-8, else {@code hex:} and its hex. */
    public static String describe(byte[] name) {
        String text = utf8(name, name.length);
        return text != null ? text : "hex:" + HexFormat.of().formatHex(name);
    }

    /** The UTF-8 text of the bytes, or null when they are not valid UTF-8 (no replacement characters). */
    static String utf8(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
