package io.countd.bench.stores;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/** The records of the workload: keys 0..n-1 and their 100-byte values. */
public final class Records {
    /** Bytes in each value. */
    public static final int VALUE_SIZE = 100;

    private Records() {
    }

    /** The key bytes of {@code key}: four bytes, big-endian. */
    static byte[] key(int key, byte[] into) {
        into[0] = (byte) (key >>> 24);
        into[1] = (byte) (key >>> 16);
        into[2] = (byte) (key >>> 8);
        into[3] = (byte) key;
        return into;
    }

    /** The integer at the start of a key or value. */
    static int leadingInt(byte[] bytes) {
        return ByteBuffer.wrap(bytes).getInt(0);
    }

    /** Fills {@code value} (at least 4 bytes) as the value of {@code key}: the key, then zeros. */
    public static byte[] value(int key, byte[] value) {
        return key(key, value);
    }

    /** The keys 0..n-1 in a random order fixed by {@code seed}. */
    public static int[] shuffled(int n, long seed) {
        int[] keys = new int[n];
        for (int i = 0; i < n; i++) {
            keys[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = keys[i];
            keys[i] = keys[j];
            keys[j] = t;
        }
        return keys;
    }
}
