package io.countd.engine;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * TC's transactions on one handle: begin logs the header and then every pre-image to the
 * write-ahead log; commit empties the log; abort (or a close while a transaction is open) writes
 * the pre-images back and forgets the free block pool, whose entries may describe the rolled-back
 * state. Writer-only and single-threaded.
 */
final class Transactions {
    private final Engine e;

    Transactions(Engine engine) {
        this.e = engine;
    }

    void begin() {
        if (!e.writer || e.fatal) {
            throw new TcException(TcError.INVALID, e.fatal ? "the handle had a fatal error" : "read-only handle");
        }
        e.memsync(false);
        boolean sync = (e.omode & Settings.TSYNC) != 0;
        try {
            if (sync) {
                IoSeam.beforeSync(false);
                e.file.channel().force(true);
            }
            if (e.wal == null) {
                e.wal = WriteAheadLog.create(e.path, e.order, sync);
            }
        } catch (IOException x) {
            throw e.fail(TcError.OPEN, x);
        }
        // TC clears the OPEN flag in the file, logs the header, and sets the flag again. Logging an
        // image with the flag clear gives the same log without the two writes, in between which a
        // power failure could leave the file marked clean while the transaction's writes survive.
        try {
            byte[] header = new byte[Header.SIZE];
            e.file.read(0, header, 0, Header.SIZE);
            header[Header.OFF_FLAGS] &= (byte) ~Header.FLAG_OPEN;
            e.wal.begin(e.meta.fsiz, header);
        } catch (IOException x) {
            throw e.fail(TcError.WRITE, x);
        }
        e.tran = true;
    }

    void commit() {
        if (!e.writer || e.fatal || !e.tran) {
            throw new TcException(TcError.INVALID, "no transaction to commit");
        }
        try {
            e.memsync((e.omode & Settings.TSYNC) != 0);
            e.wal.commit();
        } catch (IOException x) {
            throw e.fail(TcError.TRUNC, x);
        } finally {
            e.tran = false;
        }
    }

    /**
     * Rolls back. Unlike TC, the log is then emptied and the file marked open again: TC leaves both
     * behind, and a crash after the abort would later replay the stale log over newer writes.
     * Neither changes the bytes of the file once it is closed. If writing the pre-images back fails,
     * the transaction stays open: close tries the rollback again, and failing that leaves the log
     * and the OPEN flag for the next open to roll back.
     */
    void abort() {
        if (!e.writer || !e.tran) {
            throw new TcException(TcError.INVALID, "no transaction to abort");
        }
        e.memsync(false);
        try {
            long size = WriteAheadLog.replay(e.path, e.file.channel(), (e.omode & Settings.TSYNC) != 0);
            if (size >= 0) {
                e.file.truncate(size);
            }
        } catch (IOException x) {
            throw e.fail(TcError.WRITE, x);
        }
        try {
            ByteBuffer head = ByteBuffer.allocate(Header.SIZE);
            e.file.read(0, head);
            e.meta = Header.decode(head.array(), e.order);
        } catch (IOException x) {
            throw e.fail(TcError.READ, x);
        } finally {
            e.cursors.reset(e.meta.frec);
            e.generation++;
            e.pool.clear();
            e.tran = false;
        }
        try {
            e.wal.commit();
        } catch (IOException x) {
            throw e.fail(TcError.TRUNC, x);
        }
        e.setFlag(Header.FLAG_OPEN, true);
    }
}
