package io.countd.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.countd.engine.oracle.ProcessResult;
import io.countd.engine.oracle.TcOracle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files written by the reference implementation (Debian's tchtest and tchmgr) are read by the
 * engine, opened read-only: its record count equals {@code tchmgr inform}'s, and its full listing
 * equals {@code tchmgr list -pv -px} (every key with its value, in physical order).
 */
class CWritesJavaReadsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void requireOracle() {
        TcOracle.requireBinaries();
    }

    static Stream<Arguments> tchtestFiles() {
        return Stream.of(
                files("tchtest write 1000", "tchtest", "write", "casket", "1000"),
                files("tchtest write 1000000", "tchtest", "write", "casket", "1000000"),
                files("tchtest write -tl 5000", "tchtest", "write", "-tl", "casket", "5000"),
                files("tchtest write -td 3000", "tchtest", "write", "-td", "casket", "3000"),
                files("tchtest write -tb 1000", "tchtest", "write", "-tb", "casket", "1000"),
                files("tchtest write -tt 3000", "tchtest", "write", "-tt", "casket", "3000"),
                files("tchtest write -tx 3000", "tchtest", "write", "-tx", "casket", "3000"),
                files("tchtest rcat -td -pn 200 3000", "tchtest", "rcat", "-td", "-pn", "200", "casket", "3000"),
                files("tchtest rcat -tt -ru -pn 200 2000", "tchtest", "rcat", "-tt", "-ru", "-pn", "200", "casket",
                        "2000"),
                files("tchtest write -rnd 5000 bnum 7", "tchtest", "write", "-rnd", "casket", "5000", "7"),
                files("tchtest rcat -pn 500 5000 500 5 5", "tchtest", "rcat", "-pn", "500", "casket", "5000", "500",
                        "5", "5"),
                files("tchtest rcat -ru -pn 500 5000 500 1 1", "tchtest", "rcat", "-ru", "-pn", "500", "casket",
                        "5000", "500", "1", "1"),
                files("tchtest rcat -dai 5000", "tchtest", "rcat", "-dai", "-pn", "300", "casket", "5000"),
                files("tchtest rcat -rl 3000 apow 0", "tchtest", "rcat", "-rl", "-pn", "300", "casket", "3000",
                        "17", "0", "2"),
                files("tchtest misc 5000", "tchtest", "misc", "casket", "5000"),
                files("tchtest wicked 5000", "tchtest", "wicked", "casket", "5000"),
                files("tchtest wicked -tl 3000", "tchtest", "wicked", "-tl", "casket", "3000"));
    }

    private static Arguments files(String name, String... command) {
        return Arguments.of(Named.of(name, command));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tchtestFiles")
    void readsFilesOfTchtest(String[] command) {
        ProcessResult r = TcOracle.run(dir, 600, Map.of("TCRNDSEED", "7"), null, command);
        assertEquals(0, r.exitCode(), r::toString);
        assertReadsLikeTchmgr(dir.resolve("casket"));
    }

    @Test
    void readsFilesOfTchmgrWithBinaryKeysAndLargeValues() throws Exception {
        Path db = dir.resolve("casket");
        TcOracle.runOk(dir, "tchmgr", "create", "casket", "31", "3", "2");
        List<String[]> puts = new ArrayList<>();
        puts.add(new String[] {"", "656d707479206b6579"});
        puts.add(new String[] {"00", ""});
        puts.add(new String[] {"ff80007f", "00ff"});
        puts.add(new String[] {"6b".repeat(200), "76".repeat(20000)});
        puts.add(new String[] {"61", "62".repeat(60000)});
        for (int i = 0; i < 300; i++) {
            puts.add(new String[] {String.format("%08x", i * 7919), String.format("%02x", i % 256).repeat(i)});
        }
        for (String[] p : puts) {
            TcOracle.runOk(dir, "tchmgr", "put", "-sx", "casket", p[0].isEmpty() ? "" : p[0], p[1]);
        }
        for (int i = 0; i < 300; i += 3) {
            TcOracle.runOk(dir, "tchmgr", "out", "-sx", "casket", String.format("%08x", i * 7919));
        }
        for (int i = 1; i < 300; i += 3) {
            TcOracle.runOk(dir, "tchmgr", "put", "-dc", "-sx", "casket", String.format("%08x", i * 7919), "414243");
        }
        assertReadsLikeTchmgr(db);
    }

    private void assertReadsLikeTchmgr(Path db) {
        ProcessResult inform = TcOracle.runOk(dir, "tchmgr", "inform", db.getFileName().toString());
        Matcher m = Pattern.compile("record number: (\\d+)").matcher(inform.out());
        assertTrue(m.find(), inform::toString);
        ProcessResult list = TcOracle.runOk(dir, "tchmgr", "list", "-pv", "-px", db.getFileName().toString());
        try (HashDatabase h = HashDatabase.builder(db).readOnly().codec(ValueCodec.identity()).open()) {
            assertEquals(Long.parseLong(m.group(1)), h.count(), "record count");
            assertEquals(list.out(), Listing.of(h), "listing");
            long n = h.stream().count();
            assertEquals(h.count(), n, "records seen by the iterator");
        }
        assertTrue(Files.exists(db));
    }
}
