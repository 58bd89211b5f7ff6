package io.countd.engine;

import java.nio.ByteOrder;

/**
 * The tuning of a file being created or rebuilt, as TC takes it: the bucket count, the alignment
 * and free block pool powers, the option bits, and the byte order (null: the default, or for a
 * rebuild the current one). Values are TC's raw requests; {@link #normalized()} applies TC's
 * defaults and limits.
 */
record Tuning(long bnum, int apow, int fpow, int opts, ByteOrder order) {

    /** The same tuning with TC's defaults and clamps applied, as {@code tchdbtune} does. */
    Tuning normalized() {
        long b = BucketCount.round(bnum);
        int a = apow >= 0 ? Math.min(apow, Header.MAX_APOW) : 4;
        int f = fpow >= 0 ? Math.min(fpow, Header.MAX_FPOW) : 10;
        return new Tuning(b, a, f, opts & 0xFF, order);
    }
}
