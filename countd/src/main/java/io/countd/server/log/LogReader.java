package io.countd.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** Reads a sealed log: visits its records frame by frame and reports damage. */
final class LogReader {
    private LogReader() {
    }

    /**
     * Visits the records of every valid frame up to the seal. A frame is visited whole or not at
     * all: its records are checked before any is handed over.
     */
    static ReadSummary read(FileChannel ch, LogHeader header, RecordVisitor visitor) throws IOException {
        FrameScanner frames = new FrameScanner(ch, header.generation());
        RecordDecoder decoder = new RecordDecoder();
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
