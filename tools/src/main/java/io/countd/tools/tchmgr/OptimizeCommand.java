package io.countd.tools.tchmgr;

import io.countd.engine.HashDatabase;
import io.countd.engine.Option;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code optimize [-tl] [-td|-tb|-tt|-tx] [-tz] [-le|-be] [-nl|-nb] [-df] path [bnum [apow [fpow]]]}:
 * rebuilds the file compactly with new tuning (absent numbers: buckets for twice the records,
 * powers kept; no {@code -t} option: options kept; {@code -tz} alone: no options), or with
 * {@code -df} defragments it in place, ignoring the tuning arguments.
 *
 * <p>{@code -le}/{@code -be} (this project's addition) give the rebuilt file that byte order: the
 * way to convert between Debian's big-endian files and the little-endian files of upstream builds.
 */
final class OptimizeCommand extends DatabaseCommand {
    private static final List<String> OPTION_FLAGS = List.of("-tl", "-td", "-tb", "-tt", "-tx", "-tz");

    private final ByteOrder order;

    OptimizeCommand(Session session) {
        super(session);
        order = cl.has("-df") ? null : CreateCommand.byteOrder(cl, null);
    }

    @Override
    Opener opener() {
        return new Opener(path, Opener.Mode.WRITER).locking(cl);
    }

    @Override
    boolean operate(HashDatabase db) {
        if (cl.has("-df")) {
            db.defragment(Long.MAX_VALUE);
            return true;
        }
        long buckets = tuningArgument(1);
        int apow = (byte) tuningArgument(2);
        int fpow = (byte) tuningArgument(3);
        db.optimize(buckets, apow, fpow, options(), order);
        return true;
    }

    /** The options to rebuild with; null (keep the current ones) unless a {@code -t} option was given. */
    private Set<Option> options() {
        boolean any = false;
        for (String f : OPTION_FLAGS) {
            any |= cl.has(f);
        }
        if (!any) {
            return null;
        }
        Set<Option> set = EnumSet.noneOf(Option.class);
        set.addAll(CreateCommand.options(cl));
        return set;
    }
}
