package io.countd.engine.oracle;

import java.nio.charset.StandardCharsets;

/** What a finished process printed and how it exited. */
public record ProcessResult(int exitCode, byte[] stdout, byte[] stderr) {

    public String out() {
        return new String(stdout, StandardCharsets.ISO_8859_1);
    }

    public String err() {
        return new String(stderr, StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout ---\n" + out() + "--- stderr ---\n" + err();
    }
}
