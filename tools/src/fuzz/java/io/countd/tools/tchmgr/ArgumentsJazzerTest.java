package io.countd.tools.tchmgr;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.countd.tools.RawArguments;
import io.countd.tools.tc.HexCodec;
import io.countd.tools.tc.TcNumbers;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of tchmgr's argument handling with Jazzer (the {@code fuzz} profile):
 * the command-line parser, and the number and hexadecimal parsers TC applies to arguments, on any
 * argument vector. Parsing may only succeed or end in a usage error. Nothing is executed, so no
 * file is touched.
 */
class ArgumentsJazzerTest {
    @FuzzTest(maxDuration = "10m")
    void anyArgumentVector(FuzzedDataProvider data) {
        List<byte[]> args = new ArrayList<>();
        args.add("tchmgr".getBytes());
        int n = data.consumeInt(0, 12);
        for (int i = 0; i < n; i++) {
            args.add(data.consumeBytes(data.consumeInt(0, 40)));
        }
        RawArguments raw = RawArguments.ofBytes(args.toArray(new byte[0][]));
        try {
            CommandLine cl = CommandLine.parse(raw);
            for (int i = 0; i < cl.positionalCount(); i++) {
                byte[] p = cl.positionalBytes(i);
                TcNumbers.atoix(p);
                TcNumbers.atoi(p);
                TcNumbers.atof(p);
            }
        } catch (UsageException expected) {
            // the C tool prints its usage text for these
        }
        for (int i = 1; i < raw.count(); i++) {
            HexCodec.decode(raw.block(), raw.offset(i), raw.bytes(i).length);
        }
    }
}
