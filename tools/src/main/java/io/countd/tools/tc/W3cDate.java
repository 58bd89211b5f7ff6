package io.countd.tools.tc;

/**
 * TC's W3C-DTF date text ({@code tcdatestrwww}) as {@code tchmgr inform} prints a file's
 * modification time: {@code YYYY-MM-DDThh:mm:ss} of the instant shifted by a fixed offset, then
 * {@code Z} for an offset of less than a minute, else {@code +hh:mm} / {@code -hh:mm}.
 */
public final class W3cDate {
    private W3cDate() {
    }

    /** Formats {@code epochSecond} (seconds since 1970 UTC) at {@code offsetSeconds} east of UTC. */
    public static String format(long epochSecond, int offsetSeconds) {
        long t = epochSecond + offsetSeconds;
        long days = Math.floorDiv(t, 86400);
        int secs = Math.floorMod(t, 86400);
        long[] ymd = civil(days);
        StringBuilder sb = new StringBuilder(32);
        pad(sb, ymd[0], 4).append('-');
        pad(sb, ymd[1], 2).append('-');
        pad(sb, ymd[2], 2).append('T');
        pad(sb, secs / 3600, 2).append(':');
        pad(sb, secs / 60 % 60, 2).append(':');
        pad(sb, secs % 60, 2);
        int minutes = offsetSeconds / 60; // truncation toward zero, as C's division
        if (minutes == 0) {
            sb.append('Z');
        } else {
            sb.append(minutes < 0 ? '-' : '+');
            minutes = Math.abs(minutes);
            pad(sb, minutes / 60, 2).append(':');
            pad(sb, minutes % 60, 2);
        }
        return sb.toString();
    }

    /** Year, month (1-12) and day of the proleptic Gregorian calendar for a day count from 1970-01-01. */
    static long[] civil(long days) {
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        return new long[] {year, month, day};
    }

    /** Appends {@code value} zero-padded to {@code width} like C's {@code %0Nd} (the sign counts in the width). */
    static StringBuilder pad(StringBuilder sb, long value, int width) {
        String digits = Long.toString(Math.abs(value));
        int len = digits.length() + (value < 0 ? 1 : 0);
        if (value < 0) {
            sb.append('-');
        }
        for (int i = len; i < width; i++) {
            sb.append('0');
        }
        return sb.append(digits);
    }
}
