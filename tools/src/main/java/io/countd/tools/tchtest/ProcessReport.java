package io.countd.tools.tchtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    private static final double USER_HZ = 100.0;

    private ProcessReport() {
    }

    /** The figures, in print order, by name (without the {@code sys_} prefix). */
    static Map<String, String> collect() {
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
            long processors = cpuinfo.lines()
                    .filter(l -> l.regionMatches(true, 0, "processor", 0, "processor".length()))
                    .count();
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
        String[] f = stat.substring(close + 1).trim().split("\\s+");
        // f[0] is field 3 (state); utime and stime are fields 14 and 15.
        if (f.length > 12) {
            try {
                info.put("utime", String.format(Locale.ROOT, "%.6f", Long.parseLong(f[11]) / USER_HZ));
                info.put("stime", String.format(Locale.ROOT, "%.6f", Long.parseLong(f[12]) / USER_HZ));
            } catch (NumberFormatException e) {
                info.remove("utime");
            }
        }
    }

    /** The value after a {@code name:} line, such as {@code "70276 kB"}, or null. */
    private static String field(String text, String name) {
        for (String line : (Iterable<String>) text.lines()::iterator) {
            if (line.regionMatches(true, 0, name, 0, name.length())) {
                return line.substring(name.length()).trim();
            }
        }
        return null;
    }

    /** Records a {@code "<n> kB"} value in bytes if it is positive. */
    private static void putSize(Map<String, String> info, String key, String value) {
        if (value == null) {
            return;
        }
        List<String> parts = List.of(value.split("\\s+"));
        try {
            long n = Long.parseLong(parts.get(0));
            if (parts.size() > 1 && parts.get(1).toLowerCase(Locale.ROOT).startsWith("k")) {
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
