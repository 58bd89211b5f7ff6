package io.countd.server.worker;

import io.countd.server.log.PendingLog;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Keeps what a worker could not apply, so that a poison record is set aside once instead of
 * retried for ever, and nothing acknowledged is silently lost: for each keyspace that failed,
 * a text file in {@code DIR/quarantine/} with the log's identity, the reason and the keyspace's
 * records of that log (format: {@code format-spec/quarantine.md}). Files are written under a
 * temporary name, synced, then renamed.
 */
final class Quarantine {
    private static final HexFormat HEX = HexFormat.of();

    private final Path dir;

    Quarantine(Path dir) {
        this.dir = dir;
    }

    /** Writes the records of {@code keyspace} in {@code log} with {@code reason}; returns the file. */
    Path keep(PendingLog log, byte[] keyspace, String reason) throws IOException {
        Files.createDirectories(dir);
        String name = String.format("%010d-%d-%s", log.stream(), log.position(), nameHash(keyspace));
        Path file = dir.resolve(name + ".tsv");
        Path temp = dir.resolve("." + name + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            w.write("# countd quarantine 1\n");
            w.write("# stream\t" + log.stream() + "\n");
            w.write("# position\t" + log.position() + "\n");
            w.write("# keyspace\t" + HEX.formatHex(keyspace) + "\n");
            w.write("# reason\t" + reason.replace('\n', ' ').replace('\t', ' ') + "\n");
            log.read((ks, ksLen, key, keyLen, increment) -> {
                if (Arrays.equals(ks, 0, ksLen, keyspace, 0, keyspace.length)) {
                    try {
                        w.write(HEX.formatHex(key, 0, keyLen));
                        w.write('\t');
                        w.write(Long.toString(increment));
                        w.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        try (var ch = java.nio.channels.FileChannel.open(temp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** The first 8 bytes of SHA-256 of the name, in hex: short, safe as a file name, distinct. */
    private static String nameHash(byte[] keyspace) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(keyspace), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Writes a note about a damaged log whose readable records were applied; returns the file. */
    Path noteDamage(PendingLog log, String damage) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(String.format("%010d-%d-damaged.txt", log.stream(), log.position()));
        Files.writeString(file, "countd: log " + log.stream() + " generation " + log.position()
                + " is damaged; the records before the damage were applied, the rest could not be read: "
                + damage + "\n", StandardCharsets.UTF_8);
        return file;
    }
}
