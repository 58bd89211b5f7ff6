package io.countd.tools;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The standard streams as a C command-line tool uses them: standard output fully buffered and
 * flushed at exit (or when asked), standard error unbuffered. Output is raw bytes, never
 * re-encoded.
 *
 * <p>Write errors are ignored, as stdio's are when nobody checks them: a tool whose output goes to
 * a full disk still finishes its work and reports its own status. A closed pipe is different: it
 * kills a C program with SIGPIPE on the spot (no clean-up; the shell sees status 141), which the JVM,
 * ignoring that signal, does not do; this class ends the process the same way, with
 * {@link Runtime#halt(int) halt(141)}, so that {@code tchmgr list db | head} stops early and
 * reports what C's would.
 */
public final class Console {
    /** The status a shell reports for a process killed by SIGPIPE (128 + 13). */
    static final int SIGPIPE_STATUS = 141;

    private final OutputStream out;
    private final OutputStream err;

    public Console(OutputStream out, OutputStream err) {
        this.out = out;
        this.err = err;
    }

    /** The process's own standard output (buffered) and standard error (unbuffered). */
    public static Console system() {
        return new Console(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                new FileOutputStream(FileDescriptor.err));
    }

    public void out(byte[] bytes) {
        out(bytes, 0, bytes.length);
    }

    public void out(byte[] bytes, int off, int len) {
        try {
            out.write(bytes, off, len);
        } catch (IOException e) {
            failed(e);
        }
    }

    public void out(int b) {
        try {
            out.write(b);
        } catch (IOException e) {
            failed(e);
        }
    }

    /** Writes ASCII (or Latin-1) text to standard output. */
    public void out(String text) {
        out(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            failed(e);
        }
    }

    /** Writes one message to standard error at once. */
    public void err(byte[] bytes) {
        try {
            err.write(bytes);
            err.flush();
        } catch (IOException e) {
            failed(e);
        }
    }

    /** Ignores a write error, unless the reader of a pipe has gone (see the class comment). */
    private static void failed(IOException e) {
        if ("Broken pipe".equals(e.getMessage())) {
            Runtime.getRuntime().halt(SIGPIPE_STATUS);
        }
    }
}
