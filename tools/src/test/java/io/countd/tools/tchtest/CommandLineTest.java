package io.countd.tools.tchtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {
    private static CommandLine parse(String line) {
        return CommandLine.parse(("tchtest " + line).split(" "));
    }

    @Test
    void writeTakesTuningAfterThePathAndTheByteOrderBeforeIt() {
        CommandLine c = parse("write -rnd -le -xm 64m casket 1k -1 4");
        assertEquals(ByteOrder.LITTLE_ENDIAN, c.byteOrder);
        assertTrue(c.rnd);
        assertEquals(64 << 20, c.xmsiz);
        assertEquals("casket", c.path);
        assertEquals(1024, c.rnum);
        assertEquals(-1, c.bnum);
        assertEquals(4, c.apow);
        assertEquals(-1, c.fpow);
        assertEquals(ByteOrder.BIG_ENDIAN, parse("write casket 5").byteOrder);
        assertEquals(ByteOrder.BIG_ENDIAN, parse("write -le -be casket 5").byteOrder);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "rcat casket 5", "write casket", "write casket 0", "write casket 1 2 3 4 5",
        "write -x casket 5", "write -rc", "read -le casket", "remove -wb casket", "read casket extra", "read"})
    void usageErrors(String line) {
        assertThrows(UsageException.class, () -> parse(line.isEmpty() ? "" : line).path.length());
    }
}
