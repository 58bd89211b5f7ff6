package io.countd.tools.tchmgr;

import java.util.List;

/**
 * The subcommands of {@code tchmgr}, each with the options it accepts before its path and the
 * number of positional arguments (the path included) it takes. {@code -le}, {@code -be},
 * {@code verify} and {@code repair} are this project's additions; everything else is Tokyo
 * Cabinet's.
 */
enum Subcommand {
    CREATE("create", List.of("-tl", "-td", "-tb", "-tt", "-tx", "-le", "-be"), List.of(), 1, 4),
    INFORM("inform", List.of("-nl", "-nb"), List.of(), 1, 1),
    PUT("put", List.of("-nl", "-nb", "-sx", "-dk", "-dc", "-dai", "-dad"), List.of(), 3, 3),
    OUT("out", List.of("-nl", "-nb", "-sx"), List.of(), 2, 2),
    GET("get", List.of("-nl", "-nb", "-sx", "-px", "-pz"), List.of(), 2, 2),
    LIST("list", List.of("-nl", "-nb", "-pv", "-px"), List.of("-m", "-fm"), 1, 1),
    OPTIMIZE("optimize", List.of("-tl", "-td", "-tb", "-tt", "-tx", "-tz", "-nl", "-nb", "-df", "-le", "-be"),
            List.of(), 1, 4),
    IMPORTTSV("importtsv", List.of("-nl", "-nb", "-sc"), List.of(), 1, 2),
    VERIFY("verify", List.of("-nl", "-nb"), List.of(), 1, 1),
    REPAIR("repair", List.of(), List.of(), 2, 2),
    VERSION("version", List.of(), List.of(), 0, Integer.MAX_VALUE);

    final String word;
    final List<String> flags;
    final List<String> flagsWithOperand;
    final int minPositionals;
    final int maxPositionals;

    Subcommand(String word, List<String> flags, List<String> flagsWithOperand, int min, int max) {
        this.word = word;
        this.flags = flags;
        this.flagsWithOperand = flagsWithOperand;
        this.minPositionals = min;
        this.maxPositionals = max;
    }

    /** The subcommand named exactly (case-sensitively) by {@code word}, or null. */
    static Subcommand named(String word) {
        if ("--version".equals(word)) {
            return VERSION;
        }
        for (Subcommand s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        return null;
    }
}
