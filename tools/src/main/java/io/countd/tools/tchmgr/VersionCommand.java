package io.countd.tools.tchmgr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code version} (or {@code --version}): this tool's name and version and the Tokyo Cabinet
 * release whose files and behaviour it reproduces. It is the one intended difference in output
 * from Debian's {@code tchmgr}, which prints TC's own version and copyright.
 */
final class VersionCommand {
    private VersionCommand() {
    }

    static int execute(Session session) {
        session.console.out("countd tchmgr " + projectVersion()
                + " (Tokyo Cabinet 1.4.48 hash database format, 911:1.0)\n");
        return 0;
    }

    private static String projectVersion() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("version.txt")) {
            if (in != null) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}
