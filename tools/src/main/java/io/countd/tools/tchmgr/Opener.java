package io.countd.tools.tchmgr;

import io.countd.engine.HashDatabase;
import io.countd.engine.RawHeader;
import io.countd.engine.TcError;
import io.countd.engine.TcException;
import io.countd.engine.ValueCodec;
import java.nio.ByteOrder;

/**
 * Opens databases for the subcommands with TC's open modes and failure semantics.
 *
 * <p>The engine does the work. This class makes the outcome match Debian's C tool where the two
 * would differ: a path Java would reinterpret ({@link DatabasePath}), and {@code -nl}, with which
 * TC skips header validation altogether and fails only when it cannot map what the header describes
 * ({@link UnvalidatedHeaderException} hands such a header to {@code inform}).
 */
final class Opener {
    /** How a subcommand opens its database. */
    enum Mode {
        READER(false, false, false),
        WRITER(true, false, false),
        WRITER_CREATE(true, true, false),
        WRITER_TRUNCATE(true, true, true);

        final boolean writer;
        final boolean create;
        final boolean truncate;

        Mode(boolean writer, boolean create, boolean truncate) {
            this.writer = writer;
            this.create = create;
            this.truncate = truncate;
        }
    }

    private final DatabasePath target;
    private final Mode mode;
    private boolean noLock;
    private boolean nonBlocking;
    private boolean unvalidatedWanted;
    private boolean acceptUnsynced;

    Opener(DatabasePath target, Mode mode) {
        this.target = target;
        this.mode = mode;
    }

    /** Applies {@code -nl} and {@code -nb} as given on the command line. */
    Opener locking(CommandLine cl) {
        noLock = cl.has("-nl");
        nonBlocking = cl.has("-nb");
        return this;
    }

    /** Asks for {@link UnvalidatedHeaderException} where TC would use a header unvalidated ({@code inform -nl}). */
    Opener unvalidatedHeaders() {
        unvalidatedWanted = true;
        return this;
    }

    /** Whether the subcommand opens its database as a writer. */
    boolean writes() {
        return mode.writer;
    }

    /** Opens a file changed without a sync when its machine stopped, for {@code verify} to report. */
    Opener acceptUnsynced() {
        acceptUnsynced = true;
        return this;
    }

    /** A builder for the target with this opener's mode and locking; tuning may be added by the caller. */
    HashDatabase.Builder builder() {
        HashDatabase.Builder b = HashDatabase.builder(target.path()).codec(ValueCodec.identity());
        if (!mode.writer) {
            b.readOnly();
        } else {
            b.create(mode.create);
            if (mode.truncate) {
                b.truncate();
            }
        }
        if (acceptUnsynced) {
            b.acceptUnsynced();
        }
        if (noLock) {
            b.noLock();
        } else if (nonBlocking) {
            b.lockNonBlocking();
        }
        return b;
    }

    /**
     * Opens with {@link #builder()}.
     *
     * @throws TcException for any failure to open, with TC's error code
     * @throws UnvalidatedHeaderException with {@code -nl}, for a header TC would use unvalidated
     */
    HashDatabase open() {
        return open(builder());
    }

    /**
     * Opens with a builder from {@link #builder()}, possibly tuned by the caller. Files of either
     * byte order are accepted: a big-endian file is treated as Debian's build treats it, a
     * little-endian one as an upstream build treats its own files.
     */
    HashDatabase open(HashDatabase.Builder builder) {
        TcError pathError = target.openError();
        if (pathError != null) {
            throw new TcException(pathError, target.text());
        }
        if (noLock && !mode.truncate) {
            checkUnvalidated();
        }
        return builder.open();
    }

    /**
     * With {@code -nl}, TC skips header validation and fails only if it cannot map the extent the
     * header describes; {@code inform} then prints such a header as it is. A header valid in
     * neither byte order is otherwise refused by the engine with "invalid meta data" (a documented
     * difference).
     */
    private void checkUnvalidated() {
        // Debian's Tokyo Cabinet reads the header big-endian, an upstream build little-endian.
        RawHeader header = RawHeader.read(target.path(), ByteOrder.BIG_ENDIAN);
        if (header == null || header.passesTcValidation()
                || header.inOrder(ByteOrder.LITTLE_ENDIAN).passesTcValidation()) {
            return;
        }
        if (header.mappingFails(mode.writer)) {
            throw new TcException(TcError.MMAP, target.text());
        }
        if (unvalidatedWanted) {
            throw new UnvalidatedHeaderException(header);
        }
    }

    /** With {@code -nl}, a header TC does not validate but can map: {@code inform} prints it as it is. */
    static final class UnvalidatedHeaderException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient RawHeader header;

        UnvalidatedHeaderException(RawHeader header) {
            super(null, null, false, false);
            this.header = header;
        }

        RawHeader header() {
            return header;
        }
    }
}
