package io.countd.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Reads sealed logs: visits their records frame by frame and reports damage. Keeps its scan buffer
 * (at most 4 MiB, grown to the largest log it has read) from one log to the next, so that a worker
 * reading log after log allocates nothing for it after the first: a new buffer per log was a
 * humongous object for G1 (above half a region of 4 MiB), which starts a concurrent collection
 * cycle, with its own young pause, when the old generation is full enough.
 *
 * <p><b>Threads:</b> not thread-safe; one per thread that reads logs.
 */
public final class LogReader {
    private byte[] buffer = new byte[0];
    private final RecordDecoder decoder = new RecordDecoder();

    /**
     * Visits the records of every valid frame up to the seal. A frame is visited whole or not at
     * all: its records are checked before any is handed over.
     */
    ReadSummary read(FileChannel ch, LogHeader header, RecordVisitor visitor) throws IOException {
        FrameScanner frames = new FrameScanner(ch, header.generation(), buffer);
        buffer = frames.buffer();
        long frameCount = 0;
        long recordCount = 0;
        while (frames.next()) {
            if (frames.isSeal()) {
                if (frames.sealFrames() != frameCount || frames.sealRecords() != recordCount) {
                    return new ReadSummary(frameCount, recordCount, "seal at offset " + frames.frameOffset()
                            + " counts " + frames.sealFrames() + " frames and " + frames.sealRecords()
                            + " records, but " + frameCount + " and " + recordCount + " precede it");
                }
                return new ReadSummary(frameCount, recordCount, null);
            }
            byte[] buf = frames.buffer();
            int at = frames.payloadIndex();
            String bad = decoder.decode(buf, at, frames.payloadLength(), frames.recordCount(), null);
            if (bad != null) {
                return new ReadSummary(frameCount, recordCount, "frame at offset " + frames.frameOffset() + ": " + bad);
            }
            decoder.decode(buf, at, frames.payloadLength(), frames.recordCount(), visitor);
            frameCount++;
            recordCount += frames.recordCount();
        }
        return new ReadSummary(frameCount, recordCount, frames.stopReason() + ", before any seal");
    }
}
