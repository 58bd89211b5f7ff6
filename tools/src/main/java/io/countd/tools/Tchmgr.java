package io.countd.tools;

import io.countd.tools.tchmgr.TchmgrMain;

/**
 * {@code tchmgr}, the command-line utility of the hash database, reimplemented on this project's
 * engine with the outputs, error lines and exit statuses of Debian's Tokyo Cabinet 1.4.48 tool.
 *
 * <p>The launcher {@code tools/bin/tchmgr} passes the name it was invoked as first, then the
 * arguments: {@code java io.countd.tools.Tchmgr "$0" "$@"}; the name appears in the usage text and
 * in error lines, as C's {@code argv[0]} does. See {@code format-spec/tchmgr.md}.
 */
public final class Tchmgr {
    private Tchmgr() {
    }

    public static void main(String[] args) {
        RawArguments raw = RawArguments.of(Tchmgr.class.getName(), args);
        int status = TchmgrMain.run(raw, Console.system());
        System.exit(status);
    }
}
