package io.countd.engine;

import java.util.EnumSet;
import java.util.Set;

/**
 * The per-file options of a hash database, stored in byte 36 of the header. They are fixed when a
 * file is created (or rebuilt by {@code optimize}).
 */
public enum Option {
    /** 8-byte bucket entries and record links, for files beyond 2^32 alignment units. */
    LARGE(1),
    /** Values compressed with raw deflate. */
    DEFLATE(2),
    /** Values compressed with bzip2. */
    BZIP(4),
    /** Values compressed with TC's block-sorting codec (BWT, move-to-front, Elias gamma). */
    TCBS(8),
    /** Values transformed by an application-supplied {@link ValueCodec}. */
    EXCODEC(16);

    private final int bit;

    Option(int bit) {
        this.bit = bit;
    }

    /**
     * The bit of this option in the header's options byte.
     *
     * @return the bit
     */
    public int bit() {
        return bit;
    }

    /**
     * The options byte for a set of options.
     *
     * @param options the options
     * @return their bits
     */
    public static int toBits(Set<Option> options) {
        int bits = 0;
        for (Option o : options) {
            bits |= o.bit;
        }
        return bits;
    }

    /**
     * The options whose bits are set in {@code bits}; unknown bits are ignored.
     *
     * @param bits an options byte
     * @return a new set of those options
     */
    public static EnumSet<Option> fromBits(int bits) {
        EnumSet<Option> set = EnumSet.noneOf(Option.class);
        for (Option o : values()) {
            if ((bits & o.bit) != 0) {
                set.add(o);
            }
        }
        return set;
    }
}
