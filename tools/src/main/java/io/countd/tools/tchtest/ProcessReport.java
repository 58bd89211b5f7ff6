package io.countd.tools.tchtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resource figures Tokyo Cabinet's test programs print as {@code sys_*} lines at the end of a
 * run, taken from Linux's {@code /proc} for this (Java) process: CPU time in user and kernel mode
 * of all its threads (JIT compiler and garbage collector included), virtual size and resident
 * set, the machine's total, free and cached memory, and its processor count. A figure that cannot
 * be read (no {@code /proc}, another operating system) is left out, as the C programs do.
 */
final class ProcessReport {
    /** Linux reports process CPU times in units of 1/100 s ({@code USER_HZ}), whatever the kernel's tick. */
    private static final long USER_HZ = 100;

    private ProcessReport() {
    }

    /** The figures, in print order, by name (without the {@code sys_} prefix). */
    static Map<String, String> collect() {
        // Plain string scanning, no regular expressions, streams or String.format: this runs in
        // the timed part of a run, as C's does, and those would load and start their machinery.
        Map<String, String> info = new LinkedHashMap<>();
        cpuTimes(info);
        String status = read("/proc/self/status");
        if (status != null) {
            putSize(info, "size", field(status, "VmSize:"));
            putSize(info, "rss", field(status, "VmRSS:"));
        }
        String meminfo = read("/proc/meminfo");
        if (meminfo != null) {
            putSize(info, "total", field(meminfo, "MemTotal:"));
            putSize(info, "free", field(meminfo, "MemFree:"));
            putSize(info, "cached", field(meminfo, "Cached:"));
        }
        String cpuinfo = read("/proc/cpuinfo");
        if (cpuinfo != null) {
            long processors = 0;
            for (int at = 0; at < cpuinfo.length(); at = lineEnd(cpuinfo, at) + 1) {
                if (cpuinfo.regionMatches(true, at, "processor", 0, "processor".length())) {
                    processors++;
                }
            }
            if (processors > 0) {
                info.put("corenum", Long.toString(processors));
            }
        }
        return info;
    }

    private static void cpuTimes(Map<String, String> info) {
        String stat = read("/proc/self/stat");
        if (stat == null) {
            return;
        }
        // The command name in parentheses may itself hold spaces: the fields start after its end.
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return;
        }
        String[] f = stat.substring(close + 1).trim().split(" ");
        // f[0] is field 3 (state); utime and stime are fields 14 and 15.
        if (f.length > 12) {
            try {
                String utime = seconds(Long.parseLong(f[11]));
                String stime = seconds(Long.parseLong(f[12]));
                info.put("utime", utime);
                info.put("stime", stime);
            } catch (NumberFormatException e) {
                // leave both out
            }
        }
    }

    /** A count of {@code USER_HZ} ticks as seconds with six decimals, as C prints {@code %.6f} of it. */
    static String seconds(long ticks) {
        long hundredths = ticks % USER_HZ;
        return new StringBuilder().append(ticks / USER_HZ).append('.').append((char) ('0' + hundredths / 10))
                .append((char) ('0' + hundredths % 10)).append("0000").toString();
    }

    /** The value after a {@code name:} line, such as {@code "70276 kB"}, or null. */
    private static String field(String text, String name) {
        for (int at = 0; at < text.length(); ) {
            int end = lineEnd(text, at);
            if (text.regionMatches(true, at, name, 0, name.length())) {
                return text.substring(at + name.length(), end).trim();
            }
            at = end + 1;
        }
        return null;
    }

    /** Where the line starting at {@code at} ends: its newline, or the end of the text. */
    private static int lineEnd(String text, int at) {
        int nl = text.indexOf('\n', at);
        return nl < 0 ? text.length() : nl;
    }

    /** Records a {@code "<n> kB"} value in bytes if it is positive. */
    private static void putSize(Map<String, String> info, String key, String value) {
        if (value == null) {
            return;
        }
        int space = value.indexOf(' ');
        String number = space < 0 ? value : value.substring(0, space);
        String unit = space < 0 ? "" : value.substring(space + 1).trim();
        try {
            long n = Long.parseLong(number);
            if (!unit.isEmpty() && Character.toLowerCase(unit.charAt(0)) == 'k') {
                n *= 1024;
            }
            if (n > 0) {
                info.put(key, Long.toString(n));
            }
        } catch (NumberFormatException e) {
            // leave the figure out
        }
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
