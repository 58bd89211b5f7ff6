package io.countd.server.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.zip.CRC32C;

/**
 * One log held for writing: a new generation's header, then frames appended in order, then the
 * seal. Owned by one thread (the sink's).
 */
final class LogWriter {
    private final Hold hold;
    private final PoolSignal signal;
    private final FileChannel ch;
    private final long size;
    private final long generation;
    private final ByteBuffer frameHeader = ByteBuffer.allocateDirect(LogFormat.FRAME_HEADER_BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer[] frame = new ByteBuffer[2];
    private final CRC32C crc = new CRC32C();
    private long position = LogFormat.FIRST_FRAME;
    private long frames;
    private long records;

    private LogWriter(Hold hold, PoolSignal signal, FileChannel ch, long generation) throws IOException {
        this.hold = hold;
        this.signal = signal;
        this.ch = ch;
        this.size = ch.size();
        this.generation = generation;
    }

    /**
     * Starts a new generation in the held empty log: mode 0600, then the header, made durable
     * together with the mode before any frame is written (fsync, not fdatasync: a mode that fell
     * back to 0400 in a machine crash would hide forced frames as an empty log).
     */
    static LogWriter start(Hold hold, PoolSignal signal) throws IOException {
        LogMode.HELD.apply(hold.path());
        FileChannel ch = FileChannel.open(hold.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            LogHeader previous = LogHeader.read(ch, hold.slot());
            long now = nowMicros();
            long generation = Math.max(previous == null ? 0 : previous.generation() + 1, now);
            new LogHeader(hold.slot(), generation, now).write(ch);
            ch.force(true);
            return new LogWriter(hold, signal, ch, generation);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static long nowMicros() {
        Instant t = Instant.now();
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    int slot() {
        return hold.slot();
    }

    boolean hasFrames() {
        return frames > 0;
    }

    /**
     * Whether the log, written at the pace it has been since its first frame {@code openNanos}
     * ago, would fill up within {@code horizonNanos} of that frame.
     */
    boolean fillsWithin(long openNanos, long horizonNanos) {
        long written = position - LogFormat.FIRST_FRAME;
        return (double) written * horizonNanos >= (double) (size - LogFormat.FIRST_FRAME) * openNanos;
    }

    /** Whether a frame of {@code payloadBytes} fits, leaving room for the seal. */
    boolean fits(int payloadBytes) {
        return position + LogFormat.FRAME_HEADER_BYTES + payloadBytes + LogFormat.SEAL_FRAME_BYTES <= size;
    }

    /** Appends the batch as one frame (one gathering write); the caller checked {@link #fits}. */
    void append(RecordBatch batch) throws IOException {
        ByteBuffer payload = batch.payload();
        Frames.encodeHeader(frameHeader, batch.records(), generation, payload, crc);
        frame[0] = frameHeader;
        frame[1] = payload;
        ch.position(position);
        long want = LogFormat.FRAME_HEADER_BYTES + (long) payload.remaining();
        long done = 0;
        while (done < want) {
            done += ch.write(frame);
        }
        position += want;
        frames++;
        records += batch.records();
    }

    /** fdatasync: the frames written so far survive a machine crash. */
    void force() throws IOException {
        ch.force(false);
    }

    /** Writes the seal, makes it durable, sets 0200 and releases the log. */
    void seal() throws IOException {
        Frames.writeSeal(ch, position, generation, frames, records);
        ch.force(false);
        LogMode.FULL.apply(hold.path());
        ch.close();
        hold.release();
        signal.bump();
    }

    /** Releases a log that received no frame as empty (0400); its generation is simply spent. */
    void releaseEmpty() throws IOException {
        LogMode.EMPTY.apply(hold.path());
        ch.close();
        hold.release();
        signal.bump();
    }

    /** Lets go as a crash would: the link and mode 0600 stay for recovery to settle. */
    void abandon() throws IOException {
        try {
            ch.close();
        } finally {
            hold.abandon();
        }
    }
}
