package io.countd.server.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/** A sealed log held by a worker of this process (see {@link PendingLog}). */
final class TakenLog implements PendingLog {
    private final Hold hold;
    private final CommitLogPool pool;
    private final FileChannel ch;
    private final LogHeader header;
    private boolean done;

    private TakenLog(Hold hold, CommitLogPool pool, FileChannel ch, LogHeader header) {
        this.hold = hold;
        this.pool = pool;
        this.ch = ch;
        this.header = header;
    }

    /** Opens the held full log: mode 0600, then its header. */
    static TakenLog open(Hold hold, CommitLogPool pool) throws IOException {
        LogMode.HELD.apply(hold.path());
        FileChannel ch = FileChannel.open(hold.path(), StandardOpenOption.READ);
        try {
            return new TakenLog(hold, pool, ch, LogHeader.read(ch, hold.slot()));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public int stream() {
        return hold.slot();
    }

    /** The generation, or 0 when the header is not valid (then {@link #read} reports damage). */
    @Override
    public long position() {
        return header == null ? 0 : header.generation();
    }

    @Override
    public long createdMicros() {
        return header == null ? 0 : header.createdMicros();
    }

    @Override
    public ReadSummary read(RecordVisitor visitor, LogReader reader) throws IOException {
        if (done) {
            throw new IllegalStateException("log " + LogFormat.slotName(hold.slot()) + " was released");
        }
        if (header == null) {
            return new ReadSummary(0, 0, "log " + LogFormat.slotName(hold.slot()) + ": the header is not valid");
        }
        return reader.read(ch, header, visitor);
    }

    @Override
    public void markApplied() throws IOException {
        if (done) {
            throw new IllegalStateException("log " + LogFormat.slotName(hold.slot()) + " was released");
        }
        release(LogMode.EMPTY);
        pool.noteRecycled();
    }

    @Override
    public void close() throws IOException {
        release(LogMode.FULL);
    }

    private void release(LogMode to) throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            to.apply(hold.path());
        } catch (IOException e) {
            ch.close();
            hold.abandon(); // recovery will find the seal and make it full again
            throw e;
        }
        ch.close();
        hold.release();
        hold.folder().signal.bump();
    }

    /** Lets go as a killed worker would: link and mode 0600 stay; the log will be taken again. */
    void abandon() throws IOException {
        if (done) {
            return;
        }
        done = true;
        try {
            ch.close();
        } finally {
            hold.abandon();
        }
    }
}
