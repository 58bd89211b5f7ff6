package io.countd.tools;

import io.countd.tools.tchtest.TchtestMain;

/**
 * {@code tchtest}, Tokyo Cabinet's benchmark driver ({@code write}, {@code read}, {@code remove})
 * with the C program's command line and report, running the workloads through this project's
 * engine. See {@code format-spec/tchtest.md}.
 *
 * <p>The launcher {@code tools/bin/tchtest} passes the name it was invoked as first, then the
 * arguments: {@code java io.countd.tools.Tchtest "$0" "$@"}.
 */
public final class Tchtest {
    private Tchtest() {
    }

    public static void main(String[] args) {
        TchtestMain.main(args);
    }
}
