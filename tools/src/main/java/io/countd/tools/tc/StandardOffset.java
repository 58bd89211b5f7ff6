package io.countd.tools.tc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local time zone's <em>standard</em> offset from UTC, as TC's {@code tcjetlag} obtains it on
 * Linux: glibc's {@code -timezone} after {@code tzset()}. Daylight saving time never enters it, so
 * New York is always -05:00. The rules reproduce glibc's reading of {@code TZ}:
 * <ul>
 *   <li>unset: the zone file {@code /etc/localtime};</li>
 *   <li>empty: UTC;</li>
 *   <li>otherwise (one leading {@code :} ignored): a zone file, absolute or relative to
 *       {@code TZDIR} (default {@code /usr/share/zoneinfo}), whose standard offset is the one of the
 *       POSIX rule at its end; failing that, a POSIX rule such as {@code JST-9} or
 *       {@code EST5EDT,M3.2.0,M11.1.0}; failing that, UTC.</li>
 * </ul>
 * Taking the offset from the zone file's rule, rather than from {@code java.time}, matters where
 * tzdata's "vanguard" and "rearguard" forms differ: for Europe/Dublin glibc's standard time is
 * +01:00 (winter time is modelled as negative DST), and the JDK says +00:00.
 */
public final class StandardOffset {
    private static final String DEFAULT_ZONE_DIR = "/usr/share/zoneinfo";
    private static final String LOCALTIME = "/etc/localtime";

    private StandardOffset() {
    }

    /** The standard offset in seconds east of UTC for this process's environment. */
    public static int current() {
        return of(System.getenv("TZ"), System.getenv("TZDIR"));
    }

    /** The standard offset in seconds east of UTC for a {@code TZ} value (null: unset). */
    public static int of(String tz, String tzdir) {
        if (tz == null) {
            Integer fromFile = fromZoneFile(Path.of(LOCALTIME));
            return fromFile != null ? fromFile : 0;
        }
        if (tz.startsWith(":")) {
            tz = tz.substring(1);
        }
        if (tz.isEmpty()) {
            return 0;
        }
        Path file = tz.startsWith("/") ? Path.of(tz)
                : Path.of(tzdir != null && !tzdir.isEmpty() ? tzdir : DEFAULT_ZONE_DIR).resolve(tz);
        Integer fromFile = fromZoneFile(file);
        if (fromFile != null) {
            return fromFile;
        }
        Integer fromRule = fromRule(tz);
        return fromRule != null ? fromRule : 0;
    }

    /** The standard offset of a TZif file's footer rule; null if it is not a readable zone file. */
    static Integer fromZoneFile(Path file) {
        byte[] data;
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            data = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (data.length < 44 || data[0] != 'T' || data[1] != 'Z' || data[2] != 'i' || data[3] != 'f') {
            return null;
        }
        // Version 2+ files end with "\n<POSIX rule>\n".
        int end = data.length - 1;
        if (data[4] == 0 || data[end] != '\n') {
            return 0;
        }
        int start = end - 1;
        while (start >= 0 && data[start] != '\n') {
            start--;
        }
        String rule = new String(data, start + 1, end - start - 1, StandardCharsets.US_ASCII);
        Integer offset = fromRule(rule);
        return offset != null ? offset : 0;
    }

    /**
     * The standard offset of a POSIX TZ rule ({@code std offset [dst [offset] [,rule]]}), in
     * seconds east of UTC (POSIX counts west, hence the sign flip); null if it does not parse.
     */
    static Integer fromRule(String rule) {
        int i = 0;
        int n = rule.length();
        if (i < n && rule.charAt(i) == '<') {
            int close = rule.indexOf('>', i);
            if (close < 0 || close - i - 1 < 3) {
                return null;
            }
            i = close + 1;
        } else {
            int start = i;
            while (i < n && Character.isLetter(rule.charAt(i)) && rule.charAt(i) < 0x80) {
                i++;
            }
            if (i - start < 3) {
                return null;
            }
        }
        int sign = 1;
        if (i < n && (rule.charAt(i) == '+' || rule.charAt(i) == '-')) {
            sign = rule.charAt(i) == '-' ? -1 : 1;
            i++;
        }
        int[] parts = new int[3];
        int count = 0;
        while (count < 3) {
            int start = i;
            while (i < n && Character.isDigit(rule.charAt(i)) && rule.charAt(i) < 0x80 && i - start < 3) {
                i++;
            }
            if (i == start) {
                break;
            }
            parts[count++] = Integer.parseInt(rule.substring(start, i));
            if (i < n && rule.charAt(i) == ':' && count < 3) {
                i++;
            } else {
                break;
            }
        }
        if (count == 0 || parts[0] > 24 || parts[1] > 59 || parts[2] > 59) {
            return null;
        }
        int west = parts[0] * 3600 + parts[1] * 60 + parts[2];
        return -sign * west;
    }
}
