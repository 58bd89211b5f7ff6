package io.countd.tools.tchmgr;

import io.countd.tools.RawArguments;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code tchmgr} command line, by the C tool's rules: options are recognised only before
 * the path, each must be one the subcommand accepts, {@code -m} and {@code -fm} take the next
 * argument whatever it looks like, and everything from the path on is positional (so keys may start
 * with {@code -}, and a path never can). Any violation is a usage error, decided before any file is
 * touched. Comparisons are on the raw bytes, as C's {@code strcmp}.
 */
final class CommandLine {
    final RawArguments args;
    final Subcommand subcommand;
    private final List<String> flags = new ArrayList<>();
    private final Map<String, Integer> operands = new HashMap<>();
    private final List<Integer> positionals = new ArrayList<>();

    private CommandLine(RawArguments args, Subcommand subcommand) {
        this.args = args;
        this.subcommand = subcommand;
    }

    /**
     * Parses {@code args}: argument 0 is the program name, argument 1 the subcommand.
     *
     * @throws UsageException if the command line is not one the C tool accepts
     */
    static CommandLine parse(RawArguments args) {
        if (args.count() < 2) {
            throw new UsageException();
        }
        Subcommand sub = Subcommand.named(latin1(args, 1));
        if (sub == null) {
            throw new UsageException();
        }
        CommandLine cl = new CommandLine(args, sub);
        if (sub == Subcommand.VERSION) {
            return cl; // further arguments are ignored
        }
        for (int i = 2; i < args.count(); i++) {
            String arg = latin1(args, i);
            if (cl.positionals.isEmpty() && arg.startsWith("-")) {
                if (sub.flags.contains(arg)) {
                    cl.flags.add(arg);
                } else if (sub.flagsWithOperand.contains(arg)) {
                    if (++i >= args.count()) {
                        throw new UsageException();
                    }
                    cl.operands.put(arg, i);
                } else {
                    throw new UsageException();
                }
            } else if (cl.positionals.size() < sub.maxPositionals) {
                cl.positionals.add(i);
            } else {
                throw new UsageException();
            }
        }
        if (cl.positionals.size() < sub.minPositionals) {
            throw new UsageException();
        }
        return cl;
    }

    /** An argument as a string with one char per byte, for exact comparisons. */
    private static String latin1(RawArguments args, int i) {
        return new String(args.bytes(i), StandardCharsets.ISO_8859_1);
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    /** Which of {@code candidates} was given last, or null if none was. */
    String last(String... candidates) {
        for (int i = flags.size() - 1; i >= 0; i--) {
            for (String c : candidates) {
                if (c.equals(flags.get(i))) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The argument index of the operand of {@code flag} (the last one if repeated), or -1. */
    int operand(String flag) {
        Integer i = operands.get(flag);
        return i == null ? -1 : i;
    }

    /** The number of positional arguments given, the path included. */
    int positionalCount() {
        return positionals.size();
    }

    /** The argument index of positional {@code n} (0 = the path). */
    int positional(int n) {
        return positionals.get(n);
    }

    /** Positional {@code n} as bytes, or null if it was not given. */
    byte[] positionalBytes(int n) {
        return n < positionals.size() ? args.bytes(positionals.get(n)) : null;
    }
}
