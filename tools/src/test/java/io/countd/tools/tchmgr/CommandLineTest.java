package io.countd.tools.tchmgr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.tools.RawArguments;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {
    private static CommandLine parse(String... args) {
        byte[][] raw = new byte[args.length + 1][];
        raw[0] = "tchmgr".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < args.length; i++) {
            raw[i + 1] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        return CommandLine.parse(RawArguments.ofBytes(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "foo", "Version", "-h", "--help", "create", "create -nl q", "put -x db k v",
        "list db -pv", "inform db -nl", "put db k", "get db", "put db k v x", "create db 1 2 3 4", "list -m",
        "list -fm", "list -m 5", "get - k", "create -", "get -dk db k", "importtsv db f x", "importtsv -px db",
        "optimize db 1 2 3 4", "inform -- db", "out -px db k"})
    void usageErrors(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        assertThrows(UsageException.class, () -> parse(args));
    }

    @Test
    void optionsOnlyBeforeThePath() {
        CommandLine cl = parse("put", "db", "-k", "-v");
        assertEquals(3, cl.positionalCount());
        assertArrayEquals("-k".getBytes(StandardCharsets.US_ASCII), cl.positionalBytes(1));
        cl = parse("create", "db", "-tl");
        assertEquals("-tl", new String(cl.positionalBytes(1), StandardCharsets.US_ASCII));
        assertTrue(!cl.has("-tl"));
    }

    @Test
    void lastDataModeWinsAndFlagsRepeat() {
        assertEquals("-dc", parse("put", "-dk", "-dc", "db", "k", "v").last("-dk", "-dc", "-dai", "-dad"));
        assertEquals("-dk", parse("put", "-dc", "-dk", "db", "k", "v").last("-dk", "-dc", "-dai", "-dad"));
        assertNull(parse("put", "-sx", "-sx", "db", "k", "v").last("-dk", "-dc", "-dai", "-dad"));
    }

    @Test
    void operandsAreTakenWhateverTheyLookLike() {
        CommandLine cl = parse("list", "-fm", "-x", "-m", "1", "-m", "3", "db");
        assertEquals("-x", cl.args.string(cl.operand("-fm")));
        assertEquals("3", cl.args.string(cl.operand("-m")));
        assertEquals(1, cl.positionalCount());
    }

    @Test
    void versionIgnoresTheRest() {
        assertEquals(Subcommand.VERSION, parse("version", "x", "-y").subcommand);
        assertEquals(Subcommand.VERSION, parse("--version").subcommand);
    }

    @Test
    void byteOrderOptionsAreThisProjectsAddition() {
        assertEquals("-be", parse("create", "-le", "-be", "db").last("-le", "-be"));
        assertEquals("-le", parse("optimize", "-le", "-df", "db").last("-le", "-be"));
        assertThrows(UsageException.class, () -> parse("put", "-le", "db", "k", "v"));
    }
}
