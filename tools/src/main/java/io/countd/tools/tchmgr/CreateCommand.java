package io.countd.tools.tchmgr;

import io.countd.engine.HashDatabase;
import io.countd.engine.Option;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code create [-tl] [-td|-tb|-tt|-tx] [-le|-be] path [bnum [apow [fpow]]]}: (re)creates an empty
 * database with the given tuning, truncating an existing file. The numbers are parsed like TC
 * ({@code 1k}, {@code 1.5m}) and passed on truncated as the C tool does (the bucket count to 32
 * bits, the powers to 8), so that odd inputs give the same files.
 */
final class CreateCommand extends DatabaseCommand {
    CreateCommand(Session session) {
        super(session);
    }

    @Override
    Opener opener() {
        return new Opener(path, Opener.Mode.WRITER_TRUNCATE);
    }

    @Override
    HashDatabase open(Opener opener) {
        HashDatabase.Builder b = opener.builder()
                .buckets(tuningArgument(1))
                .alignmentPower((byte) tuningArgument(2))
                .freeBlockPoolPower((byte) tuningArgument(3))
                .options(options(cl).toArray(new Option[0]))
                .byteOrder(byteOrder(cl, ByteOrder.BIG_ENDIAN));
        return opener.open(b);
    }

    @Override
    boolean operate(HashDatabase db) {
        return true;
    }

    /** The options named by {@code -tl -td -tb -tt -tx}. */
    static List<Option> options(CommandLine cl) {
        List<Option> options = new ArrayList<>();
        if (cl.has("-tl")) {
            options.add(Option.LARGE);
        }
        if (cl.has("-td")) {
            options.add(Option.DEFLATE);
        }
        if (cl.has("-tb")) {
            options.add(Option.BZIP);
        }
        if (cl.has("-tt")) {
            options.add(Option.TCBS);
        }
        if (cl.has("-tx")) {
            options.add(Option.EXCODEC);
        }
        return options;
    }

    /** The byte order chosen with the last of {@code -le}/{@code -be}, or {@code otherwise}. */
    static ByteOrder byteOrder(CommandLine cl, ByteOrder otherwise) {
        String last = cl.last("-le", "-be");
        if (last == null) {
            return otherwise;
        }
        return "-le".equals(last) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }
}
