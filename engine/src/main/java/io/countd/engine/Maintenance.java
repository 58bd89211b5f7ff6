package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file operations: {@code optimize} (rebuild into a fresh file by re-putting every record in
 * physical order, then replace the original), {@code vanish} (re-create empty with the same
 * tuning) and {@code copy}. Writer-only where noted; single-threaded.
 */
final class Maintenance {
    /** TC's "keep the current options" marker for {@code optimize}. */
    static final int KEEP_OPTIONS = 0xFF;

    private final Engine e;
    private final Records records;

    Maintenance(Engine engine, Records records) {
        this.e = engine;
        this.records = records;
    }

    /**
     * Rebuilds the file as TC's {@code tchdboptimize} does: into {@code <path>.tmp.<inode>}, with
     * the given tuning (bnum < 1: twice the record count plus one, at least the default; apow, fpow
     * < 0: keep; opts {@link #KEEP_OPTIONS}: keep) and byte order (null: keep), the opaque header
     * area copied, records re-put in physical order; then the original is replaced and reopened.
     * As in TC, a failure on the temporary file is this handle's error (fatal ones mark it) and
     * leaves the temporary file behind. The temporary file is accessed as this handle's file is,
     * through a map or without one.
     */
    void optimize(Tuning requested) {
        long bnum = requested.bnum();
        int apow = requested.apow();
        int fpow = requested.fpow();
        int opts = requested.opts();
        ByteOrder order = requested.order();
        if (!e.isWriter() || e.inTransaction()) {
            throw new TcException(TcError.INVALID, e.inTransaction() ? "inside a transaction" : "read-only handle");
        }
        if (bnum < 1) {
            bnum = Math.max(e.header().rnum * 2 + 1, BucketCount.DEFAULT);
        }
        if (apow < 0) {
            apow = e.header().apow;
        }
        if (fpow < 0) {
            fpow = e.header().fpow;
        }
        if (opts == KEEP_OPTIONS) {
            opts = e.header().opts;
        }
        Path tmp = e.path.resolveSibling(e.path.getFileName() + ".tmp." + Long.toUnsignedString(e.inode()));
        Tuning tuning = new Tuning(bnum, apow, fpow, opts, order != null ? order : e.order());
        Settings s = new Settings(Settings.WRITER | Settings.CREAT | Settings.TRUNC, tuning, Settings.DEFAULT_XMSIZ,
                e.memoryMapped(), e.tailWindow(), e.externalCodec(), null);
        try {
            rebuildInto(tmp, s);
        } catch (TcException x) {
            throw e.fail(x.error(), x.getMessage());
        }
        try {
            Files.delete(e.path);
        } catch (IOException x) {
            throw e.fail(TcError.UNLINK, x);
        }
        try {
            Files.move(tmp, e.path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException x) {
            throw e.fail(TcError.RENAME, x);
        }
        e.reopen();
    }

    /** Creates the temporary file and re-puts every record into it in physical order. */
    private void rebuildInto(Path tmp, Settings s) {
        NewFile t = NewFile.create(tmp, s);
        try {
            byte[] opaque = new byte[Header.SIZE - Header.OFF_OPAQUE];
            e.read(Header.OFF_OPAQUE, opaque, 0, opaque.length);
            t.engine().write(Header.OFF_OPAQUE, opaque, 0, opaque.length);
            Block b = e.writerBlock();
            for (long off = e.header().frec; (off = records.next(off, b)) >= 0; ) {
                t.put(e.key(b), e.value(b));
            }
        } catch (RuntimeException x) {
            t.closeAfterFailure();
            throw x;
        }
        t.close();
    }

    /** Closes and re-creates the file empty, with the tuning it had. */
    void vanish() {
        if (!e.isWriter() || e.inTransaction()) {
            throw new TcException(TcError.INVALID, e.inTransaction() ? "inside a transaction" : "read-only handle");
        }
        e.recreateEmpty();
    }

    /**
     * Copies the database into {@code dest}: a writer first saves its pool and header and marks
     * the copy closed, so that the copy is a cleanly closed file. Reads go through this handle's own
     * channel, since opening and closing another descriptor of the file would drop our POSIX lock.
     * Afterwards the pool region of the live file is emptied again: TC leaves the saved list there,
     * where a later rollback could resurrect it as a clean file's pool and hand out blocks that
     * hold live records. Close rewrites the region, so closed files do not change.
     */
    void copy(Path dest) {
        if (e.isWriter()) {
            e.savePool();
            e.memsync(false);
            e.setFlag(Header.FLAG_OPEN, false);
        }
        try (FileChannel out = InterruptSafeChannel.openFile(dest, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            for (long pos = 0; pos < e.header().fsiz; ) {
                buf.clear().limit((int) Math.min(buf.capacity(), e.header().fsiz - pos));
                e.file().read(pos, buf);
                buf.flip();
                while (buf.hasRemaining()) {
                    pos += out.write(buf, pos);
                }
            }
        } catch (IOException x) {
            throw e.fail(TcError.MISC, x);
        } finally {
            if (e.isWriter()) {
                e.setFlag(Header.FLAG_OPEN, true);
                e.write(e.poolRegion(), new byte[2], 0, 2);
            }
        }
    }
}
