package io.countd.server.log;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A separate process using a pool, for the crash and concurrency tests. It reports on standard
 * output what it has done, so the parent knows what must survive a kill.
 *
 * <p>usage: {@code LogChild write DIR} writes frames of 1000 numbered records, forcing each, and
 * prints the count of forced records until killed; {@code LogChild hold DIR} takes one log, prints
 * {@code took SLOT GENERATION} and waits to be killed; {@code LogChild drain DIR} takes and applies
 * logs, printing {@code applied SLOT GENERATION N MIN MAX} for each, until none comes for 2 s.
 */
public final class LogChild {
    static final int FRAME_RECORDS = 1000;

    private LogChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        PrintStream out = System.out;
        CommitLogPool pool = CommitLogPool.open(dir, LogTesting.config(2, 8, 1));
        out.println("ready");
        out.flush();
        switch (args[0]) {
            case "write" -> {
                LogSink sink = pool.openSink();
                for (long seq = 0; ; seq += FRAME_RECORDS) {
                    sink.write(LogTesting.batch(seq, FRAME_RECORDS));
                    sink.force();
                    out.println(seq + FRAME_RECORDS);
                    out.flush();
                }
            }
            case "hold" -> {
                PendingLog log = pool.take(60, TimeUnit.SECONDS);
                out.println("took " + log.stream() + " " + log.position());
                out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
            case "drain" -> {
                PendingLog log;
                while ((log = pool.take(2, TimeUnit.SECONDS)) != null) {
                    List<Long> seqs = new ArrayList<>();
                    ReadSummary s = log.read(LogTesting.numbering(seqs));
                    if (!s.intact()) {
                        throw new IllegalStateException(s.damage());
                    }
                    log.markApplied();
                    long min = seqs.stream().mapToLong(Long::longValue).min().orElse(-1);
                    long max = seqs.stream().mapToLong(Long::longValue).max().orElse(-1);
                    out.println("applied " + log.stream() + " " + log.position() + " " + seqs.size() + " " + min + " " + max);
                    out.flush();
                }
                pool.close();
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
