package io.countd.server.cli;

import java.util.function.Supplier;

/**
 * Flag values that only the parts they configure can judge (an address, a pool size): their
 * {@link IllegalArgumentException} becomes a {@link BadFlag}, which {@link Launcher} reports like
 * a bad flag: one line and exit code 2.
 */
final class Checked {
    private Checked() {
    }

    /** A flag whose value the part it configures refused. */
    static final class BadFlag extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadFlag(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static <T> T flag(Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new BadFlag(e.getMessage(), e);
        }
    }

    static void flags(Supplier<?>... values) {
        for (Supplier<?> v : values) {
            flag(v);
        }
    }
}
