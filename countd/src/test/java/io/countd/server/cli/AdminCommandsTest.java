package io.countd.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The admin commands in process: help for each, bad arguments refused with exit code 2 before
 * anything is contacted, and the text and JSON forms of names and tables.
 */
class AdminCommandsTest {
    private static final List<String> SUBCOMMANDS =
            List.of("incr", "top", "logs", "dump-log", "keyspaces", "status", "verify", "bench");

    @Test
    void everySubcommandHasHelp() {
        for (String sub : SUBCOMMANDS) {
            StringWriter out = new StringWriter();
            int exit = new CommandLine(new Countd()).setOut(new PrintWriter(out)).execute(sub, "--help");
            assertEquals(0, exit, sub);
            assertTrue(out.toString().startsWith("Usage: countd " + sub), out::toString);
        }
    }

    @Test
    void badArgumentsExitWithCode2() {
        String[][] bad = {
            {"top", "ks", "-1"}, {"top", "ks", "0", "10001"}, {"top", "--read", "nohost", "ks"},
            {"incr", "--hex", "zz", "k"}, {"incr", "ks", "k", "1.5"}, {"incr", "ks"},
            {"dump-log", "x"}, {"dump-log", "2147483648"},
            {"status", "--write", "127.0.0.1:99999"}, {"status", "--http", "ftp://example/"},
            {"bench", "--window", "10", "--batch", "128"}, {"bench", "-c", "0"}, {"verify", "a", "b"},
        };
        for (String[] args : bad) {
            assertEquals(2, Launcher.run("countd", new Countd(), args), String.join(" ", args));
        }
    }

    @Test
    void namesAreShownPrintableWithEveryOtherByteEscaped() {
        assertEquals("apple", Text.show(bytes("apple")));
        assertEquals("café", Text.show(bytes("café")));
        assertEquals("a b", Text.show(bytes("a b")));
        assertEquals("tab\\x09nl\\x0a", Text.show(bytes("tab\tnl\n")));
        assertEquals("back\\\\slash", Text.show(bytes("back\\slash")));
        assertEquals("\\xffA", Text.show(new byte[] {(byte) 0xff, 'A'}), "not UTF-8");
        assertEquals("zero\\xe2\\x80\\x8bwidth", Text.show(bytes("zero\u200bwidth")), "a format character");
        assertEquals("\\xc2\\xa0", Text.show(bytes("\u00a0")), "a space other than the space");
    }

    @Test
    void tablesAlignNumbersRightAndTextLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new Text.Table("NAME", "COUNT>", "NOTE").row("é", 5, "x").row("long name", -1234, "").print(out);
        assertEquals("NAME       COUNT  NOTE\né              5  x\nlong name  -1234  \n",
                bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void jsonIsAsciiAndNamesThatAreNotUtf8AreHex() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonWriter j = new JsonWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        j.beginObject().key("a").name(bytes("é\"\\\n\u0001")).key("b").name(new byte[] {(byte) 0xc3}).key("c")
                .beginArray().value(1).value(-2.5).value(true).nullValue().value((String) null).endArray()
                .key("d").beginObject().endObject().endObject().finish();
        String text = bytes.toString(StandardCharsets.US_ASCII);
        assertTrue(text.chars().allMatch(c -> c < 0x80), text);
        assertEquals("{\"a\":\"é\\\"\\\\\\n\\u0001\",\"b\":{\"hex\":\"c3\"},\"c\":[1,-2.5,true,null,null],\"d\":{}}",
                new ObjectMapper().readTree(text).toString());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
