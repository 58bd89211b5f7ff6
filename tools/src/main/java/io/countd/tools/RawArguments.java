package io.countd.tools;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command-line arguments as the bytes the process received. The JVM hands {@code main} strings
 * decoded with the platform charset, which loses bytes that are not valid in it; keys and values
 * given on a command line are arbitrary bytes, so this class reads them back from
 * {@code /proc/self/cmdline}, where they are the trailing entries after the main class name. When
 * that is not available (another operating system, or {@code main} called from inside another
 * program) the strings are encoded back with the charset the JVM decoded them with.
 *
 * <p>The arguments are also kept as one block of NUL-terminated strings, the layout a C program sees
 * in memory, for the few TC routines whose behaviour depends on what follows an argument.
 */
public final class RawArguments {
    private final String[] strings;
    private final byte[][] bytes;
    private final byte[] block;
    private final int[] offsets;

    private RawArguments(String[] strings, byte[][] bytes) {
        this.strings = strings;
        this.bytes = bytes;
        int total = 0;
        for (byte[] b : bytes) {
            total += b.length + 1;
        }
        block = new byte[total];
        offsets = new int[bytes.length];
        int pos = 0;
        for (int i = 0; i < bytes.length; i++) {
            offsets[i] = pos;
            System.arraycopy(bytes[i], 0, block, pos, bytes[i].length);
            pos += bytes[i].length + 1;
        }
    }

    /** The arguments of this process's {@code main}, whose class is {@code mainClass}. */
    public static RawArguments of(String mainClass, String[] args) {
        byte[][] raw = fromProc(mainClass, args.length);
        if (raw == null) {
            Charset cs = platformCharset();
            raw = new byte[args.length][];
            for (int i = 0; i < args.length; i++) {
                raw[i] = args[i].getBytes(cs);
            }
        }
        return new RawArguments(args.clone(), raw);
    }

    /** Arguments given directly as bytes (for callers that are not a process's entry point). */
    public static RawArguments ofBytes(byte[]... args) {
        String[] s = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            s[i] = new String(args[i], platformCharset());
        }
        return new RawArguments(s, args.clone());
    }

    private static byte[][] fromProc(String mainClass, int count) {
        byte[] cmdline;
        try {
            cmdline = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        List<byte[]> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                entries.add(Arrays.copyOfRange(cmdline, start, i));
                start = i + 1;
            }
        }
        int first = entries.size() - count;
        if (first < 1 || !Arrays.equals(entries.get(first - 1), mainClass.getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        return entries.subList(first, entries.size()).toArray(new byte[0][]);
    }

    private static Charset platformCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name != null ? Charset.forName(name) : Charset.defaultCharset();
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    public int count() {
        return bytes.length;
    }

    /** Argument {@code i} as bytes; the caller must not modify the array. */
    public byte[] bytes(int i) {
        return bytes[i];
    }

    /** Argument {@code i} as the JVM decoded it (for file names). */
    public String string(int i) {
        return strings[i];
    }

    /** All arguments as consecutive NUL-terminated strings. */
    public byte[] block() {
        return block;
    }

    /** Where argument {@code i} starts in {@link #block()}. */
    public int offset(int i) {
        return offsets[i];
    }
}
