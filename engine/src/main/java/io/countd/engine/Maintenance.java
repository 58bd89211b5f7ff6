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
    void optimize(long bnum, int apow, int fpow, int opts, ByteOrder order) {
        if (!e.writer || e.tran) {
            throw new TcException(TcError.INVALID, e.tran ? "inside a transaction" : "read-only handle");
        }
        if (bnum < 1) {
            bnum = Math.max(e.meta.rnum * 2 + 1, BucketCount.DEFAULT);
        }
        if (apow < 0) {
            apow = e.meta.apow;
        }
        if (fpow < 0) {
            fpow = e.meta.fpow;
        }
        if (opts == KEEP_OPTIONS) {
            opts = e.meta.opts;
        }
        Path tmp = e.path.resolveSibling(e.path.getFileName() + ".tmp." + Long.toUnsignedString(e.inode));
        Settings s = new Settings(Settings.WRITER | Settings.CREAT | Settings.TRUNC, bnum, apow, fpow, opts,
                order != null ? order : e.order, Settings.DEFAULT_XMSIZ, e.settings.memoryMapped(), 0,
                e.settings.excodec(), null);
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
        int mode = e.omode & ~Settings.CREAT & ~Settings.TRUNC;
        e.closeFile();
        e.openFile(mode);
    }

    /** Creates the temporary file and re-puts every record into it in physical order. */
    private void rebuildInto(Path tmp, Settings s) {
        Engine t = Engine.open(tmp, s);
        try {
            Records out = new Records(t);
            byte[] opaque = new byte[Header.SIZE - Header.OFF_OPAQUE];
            e.read(Header.OFF_OPAQUE, opaque, 0, opaque.length);
            t.write(Header.OFF_OPAQUE, opaque, 0, opaque.length);
            Records.PutResult r = new Records.PutResult();
            Block b = e.writeBlock;
            for (long off = e.meta.frec; (off = records.next(off, b)) >= 0; ) {
                out.put(e.key(b), e.value(b), Records.Mode.OVERWRITE, r);
            }
        } catch (RuntimeException x) {
            closeQuietly(t);
            throw x;
        }
        t.closeFile();
        t.unregister();
    }

    private static void closeQuietly(Engine t) {
        try {
            t.closeFile();
        } catch (RuntimeException ignored) {
            // the first failure is the one reported
        } finally {
            t.unregister();
        }
    }

    /** Closes and re-creates the file empty, with the tuning it had. */
    void vanish() {
        if (!e.writer || e.tran) {
            throw new TcException(TcError.INVALID, e.tran ? "inside a transaction" : "read-only handle");
        }
        e.settings = e.settings.forRecreation(e.meta.bnum, e.meta.apow, e.meta.fpow, e.meta.opts, e.order);
        int mode = e.omode;
        e.closeFile();
        e.openFile(mode | Settings.TRUNC);
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
        if (e.writer) {
            e.savePool();
            e.memsync(false);
            e.setFlag(Header.FLAG_OPEN, false);
        }
        try (FileChannel out = FileChannel.open(dest, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            for (long pos = 0; pos < e.meta.fsiz; ) {
                buf.clear().limit((int) Math.min(buf.capacity(), e.meta.fsiz - pos));
                e.file.read(pos, buf);
                buf.flip();
                while (buf.hasRemaining()) {
                    pos += out.write(buf, pos);
                }
            }
        } catch (IOException x) {
            throw e.fail(TcError.MISC, x);
        } finally {
            if (e.writer) {
                e.setFlag(Header.FLAG_OPEN, true);
                e.write(e.msiz, new byte[2], 0, 2);
            }
        }
    }
}
