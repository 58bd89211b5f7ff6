package io.countd.server.cli;

import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Flag values that only the parts they configure can judge (an address, a pool size): their
 * {@link IllegalArgumentException} becomes picocli's parameter error, so a bad value gets one
 * line and exit code 2 like a bad flag.
 */
final class Checked {
    private Checked() {
    }

    static <T> T flag(Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(new Object()), e.getMessage(), e);
        }
    }

    @SafeVarargs
    static void flags(Supplier<?>... values) {
        for (Supplier<?> v : values) {
            flag(v);
        }
    }
}
