package io.countd.tools.tchmgr;

import io.countd.engine.TcError;
import io.countd.engine.TcException;
import io.countd.tools.Console;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One run of {@code tchmgr}: its streams, its program name and parsed command line, and TC's
 * error line, {@code <program>: <path or ->: <code>: <message>}. The path is {@code -} when the
 * database could not be opened, else the path as given.
 */
final class Session {
    final Console console;
    final byte[] programName;
    final CommandLine cl;
    private boolean reported;

    Session(Console console, byte[] programName, CommandLine cl) {
        this.console = console;
        this.programName = programName;
        this.cl = cl;
    }

    /** Prints TC's error line; {@code path} null prints {@code -}. */
    void report(byte[] path, TcError error) {
        reported = true;
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        b.writeBytes(programName);
        b.writeBytes(ascii(": "));
        b.writeBytes(path != null ? path : ascii("-"));
        b.writeBytes(ascii(": " + error.code() + ": " + error.message() + "\n"));
        console.err(b.toByteArray());
    }

    /** Reports a failure thrown by the engine; anything but a {@link TcException} is a miscellaneous error. */
    void report(byte[] path, RuntimeException failure) {
        report(path, errorOf(failure));
    }

    /** Whether an error line was printed already (TC prints at most one per run). */
    boolean reported() {
        return reported;
    }

    static TcError errorOf(RuntimeException failure) {
        return failure instanceof TcException t ? t.error() : TcError.MISC;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
