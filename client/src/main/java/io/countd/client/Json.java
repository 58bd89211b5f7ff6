package io.countd.client;

import java.math.BigInteger;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of one JSON text (RFC 8259) into plain values: {@link Map} (object, in member
 * order), {@link List}, {@link String}, {@link BigInteger} (an integer), {@link Double} (a number
 * with a fraction or exponent), {@link Boolean} and {@link #NULL}. Anything else, a duplicate
 * member name, a lone surrogate escape or bytes that are not UTF-8 is an error: the client would
 * rather refuse an answer than guess at it.
 */
final class Json {
    /** The JSON {@code null}, so that maps never hold Java nulls. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException naming what is wrong and where */
    static Object parse(byte[] utf8) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the answer is not UTF-8");
        }
        Json j = new Json(text);
        j.space();
        Object v = j.value(0);
        j.space();
        if (j.pos != text.length()) {
            throw j.error("text after the JSON value");
        }
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        if (pos >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                return word("true", Boolean.TRUE);
            case 'f':
                return word("false", Boolean.FALSE);
            case 'n':
                return word("null", NULL);
            default:
                if (c == '-' || c >= '0' && c <= '9') {
                    return number();
                }
                throw error("unexpected character");
        }
    }

    private Map<String, Object> object(int depth) {
        pos++;
        Map<String, Object> members = new LinkedHashMap<>();
        space();
        if (peek('}')) {
            pos++;
            return members;
        }
        while (true) {
            space();
            if (!peek('"')) {
                throw error("a member name must be a string");
            }
            String name = string();
            space();
            expect(':');
            space();
            if (members.put(name, value(depth + 1)) != null) {
                throw error("duplicate member \"" + name + "\"");
            }
            space();
            if (peek(',')) {
                pos++;
                continue;
            }
            expect('}');
            return members;
        }
    }

    private List<Object> array(int depth) {
        pos++;
        List<Object> items = new ArrayList<>();
        space();
        if (peek(']')) {
            pos++;
            return items;
        }
        while (true) {
            space();
            items.add(value(depth + 1));
            space();
            if (peek(',')) {
                pos++;
                continue;
            }
            expect(']');
            return items;
        }
    }

    private String string() {
        pos++;
        StringBuilder b = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                throw error("an unescaped control character in a string");
            }
            if (c != '\\') {
                b.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> b.append(hex4());
                default -> throw error("unknown escape \\" + e);
            }
        }
        String s = b.toString();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error("a lone surrogate in a string");
            }
        }
        return s;
    }

    private char hex4() {
        if (pos + 4 > text.length()) {
            throw error("a \\u escape needs 4 hex digits");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0) {
                throw error("a \\u escape needs 4 hex digits");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private Object number() {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        if (peek('0')) {
            pos++;
        } else if (digits() == 0) {
            throw error("a number needs digits");
        }
        boolean integer = true;
        if (peek('.')) {
            pos++;
            integer = false;
            if (digits() == 0) {
                throw error("a fraction needs digits");
            }
        }
        if (peek('e') || peek('E')) {
            pos++;
            integer = false;
            if (peek('+') || peek('-')) {
                pos++;
            }
            if (digits() == 0) {
                throw error("an exponent needs digits");
            }
        }
        String n = text.substring(start, pos);
        return integer ? new BigInteger(n) : Double.valueOf(n);
    }

    private int digits() {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos - start;
    }

    private Object word(String w, Object v) {
        if (!text.startsWith(w, pos)) {
            throw error("unexpected character");
        }
        pos += w.length();
        return v;
    }

    private void space() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("'" + c + "' expected");
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("not valid JSON at character " + pos + ": " + what);
    }
}
