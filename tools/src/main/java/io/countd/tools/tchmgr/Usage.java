package io.countd.tools.tchmgr;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The usage text: the C tool's, word for word, but for this tool's byte-order options
 * {@code [-le|-be]} on {@code create} and {@code optimize} (format-spec/tchmgr.md, section 3). It
 * is part of the interface: scripts and tests compare it.
 */
final class Usage {
    private static final String[] LINES = {
        "create [-tl] [-td|-tb|-tt|-tx] [-le|-be] path [bnum [apow [fpow]]]",
        "inform [-nl|-nb] path",
        "put [-nl|-nb] [-sx] [-dk|-dc|-dai|-dad] path key value",
        "out [-nl|-nb] [-sx] path key",
        "get [-nl|-nb] [-sx] [-px] [-pz] path key",
        "list [-nl|-nb] [-m num] [-pv] [-px] [-fm str] path",
        "optimize [-tl] [-td|-tb|-tt|-tx] [-tz] [-nl|-nb] [-df] [-le|-be] path [bnum [apow [fpow]]]",
        "importtsv [-nl|-nb] [-sc] path [file]",
        "version",
    };

    private Usage() {
    }

    /** The usage text for a program invoked as {@code programName} (raw bytes, printed verbatim). */
    static byte[] text(byte[] programName) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(1024);
        b.writeBytes(programName);
        b.writeBytes(ascii(": the command line utility of the hash database API\n\nusage:\n"));
        for (String line : LINES) {
            b.writeBytes(ascii("  "));
            b.writeBytes(programName);
            b.writeBytes(ascii(" " + line + "\n"));
        }
        b.writeBytes(ascii("\n"));
        return b.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
