package io.countd.tools.tchmgr;

import io.countd.tools.tc.HexCodec;

/** Keys and values from the command line: raw bytes, or hexadecimal with {@code -sx}. */
final class KeyArguments {
    private KeyArguments() {
    }

    /** Positional argument {@code n}, decoded if {@code -sx} was given. */
    static byte[] decode(CommandLine cl, int n) {
        byte[] raw = cl.positionalBytes(n);
        if (!cl.has("-sx")) {
            return raw;
        }
        // TC decodes in place in argv memory, so a trailing blank reads into the next argument.
        int index = cl.positional(n);
        return HexCodec.decode(cl.args.block(), cl.args.offset(index), raw.length);
    }
}
