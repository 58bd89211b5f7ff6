package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;

/**
 * The writer of {@link CrashLoopTest}: opens the database, prints {@code ready}, then runs the
 * random workload of its seed step by step until it is killed. Before each step it appends
 * {@code b<n>} to the acknowledgement log and after it {@code a<n>}, each followed by an fsync, so
 * the log tells exactly which steps were acknowledged and which one was in flight. Every other
 * seed opens the file with a map of its header and buckets only and a tail window of four pages
 * (format-spec/tchdb.md section 15.4), so that kills also land in appends through a window and in
 * its moves.
 *
 * <p>usage: CrashLoopChild DB LOG SEED
 */
public final class CrashLoopChild {
    private CrashLoopChild() {
    }

    public static void main(String[] args) throws IOException {
        Path db = Path.of(args[0]);
        long seed = Long.parseLong(args[2]);
        List<Unit> units = Unit.randomWorkload(new Random(seed), CrashLoopTest.STEPS);
        try (FileChannel log = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
                HashDatabase h = access(HashDatabase.builder(db), seed).buckets(7).freeBlockPoolPower(4).open()) {
            System.out.println("ready");
            System.out.flush();
            for (int i = 0; i < units.size(); i++) {
                mark(log, "b" + i);
                units.get(i).apply(h);
                mark(log, "a" + i);
            }
            System.out.println("done");
        }
    }

    private static HashDatabase.Builder access(HashDatabase.Builder b, long seed) {
        return seed % 2 == 0 ? b : b.mappedSize(0).tailWindow(4 * 4096);
    }

    private static void mark(FileChannel log, String line) throws IOException {
        log.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
        log.force(false);
    }
}
