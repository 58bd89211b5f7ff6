package io.countd.server.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** Converters for sizes ({@code 16m}) and durations ({@code 1s}, {@code 500ms}) on the command line. */
final class Units {
    private Units() {
    }

    /** Bytes: a number with an optional {@code k}, {@code m} or {@code g} suffix (powers of 1024). */
    static final class Size implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            long unit = 1;
            if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
                unit = switch (t.charAt(t.length() - 1)) {
                    case 'k' -> 1L << 10;
                    case 'm' -> 1L << 20;
                    default -> 1L << 30;
                };
                t = t.substring(0, t.length() - 1);
            }
            if (!t.matches("[0-9]{1,12}")) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not a size such as 16m, 512k or 1048576");
            }
            return Math.multiplyExact(Long.parseLong(t), unit);
        }
    }

    /** A duration: a number with {@code ms}, {@code s} or {@code m}. */
    static final class Time implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            String[] units = {"ms", "s", "m"};
            for (String u : units) {
                if (t.endsWith(u) && t.substring(0, t.length() - u.length()).matches("[0-9]{1,9}")) {
                    long n = Long.parseLong(t.substring(0, t.length() - u.length()));
                    return switch (u) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        default -> Duration.ofMinutes(n);
                    };
                }
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is not a duration such as 500ms, 1s or 2m");
        }
    }
}
