package io.countd.server.protocol;

import java.nio.charset.StandardCharsets;

/** The 3-byte replies of the write protocol, one per complete message, in message order. */
public enum Reply {
    /** The message is durable under the server's fsync policy (or was a no-op increment of 0). */
    WIN,
    /** The message was refused and not stored: its keyspace or key is empty. */
    ERR;

    /** Bytes in a reply. */
    public static final int SIZE = 3;

    private final byte[] bytes = name().getBytes(StandardCharsets.US_ASCII);

    /** The reply's bytes; do not modify. */
    public byte[] bytes() {
        return bytes;
    }
}
