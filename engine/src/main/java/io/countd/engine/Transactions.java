package io.countd.engine;

/**
 * TC's transaction rules on one handle: who may begin, commit or abort, and what each does around
 * the engine's log ({@link Engine#beginTransaction}, {@link Engine#commitTransaction},
 * {@link Engine#rollBack}). Begin dumps the header first; abort (or a close while a transaction
 * is open) writes the pre-images back and forgets the free block pool, whose entries may describe
 * the rolled-back state. Writer-only and single-threaded.
 */
final class Transactions {
    private final Engine e;

    Transactions(Engine engine) {
        this.e = engine;
    }

    void begin() {
        if (!e.isWriter() || e.isFatal()) {
            throw new TcException(TcError.INVALID, e.isFatal() ? "the handle had a fatal error" : "read-only handle");
        }
        // TC clears the OPEN flag in the file, logs the header, and sets the flag again. Logging an
        // image with the flag clear gives the same log without the two writes, in between which a
        // power failure could leave the file marked clean while the transaction's writes survive.
        e.beginTransaction();
    }

    void commit() {
        if (!e.isWriter() || e.isFatal() || !e.inTransaction()) {
            throw new TcException(TcError.INVALID, "no transaction to commit");
        }
        e.commitTransaction();
    }

    /**
     * Rolls back. Unlike TC, the log is then emptied and the file marked open again: TC leaves both
     * behind, and a crash after the abort would later replay the stale log over newer writes.
     * Neither changes the bytes of the file once it is closed. If writing the pre-images back fails,
     * the transaction stays open: close tries the rollback again, and failing that leaves the log
     * and the OPEN flag for the next open to roll back.
     */
    void abort() {
        if (!e.isWriter() || !e.inTransaction()) {
            throw new TcException(TcError.INVALID, "no transaction to abort");
        }
        e.memsync(false);
        e.rollBack();
        e.markOpenAgain();
    }
}
