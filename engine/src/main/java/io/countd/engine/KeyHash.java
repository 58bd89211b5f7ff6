package io.countd.engine;

/**
 * The two hashes TC derives from a key: the bucket index, from a forward pass over the key with
 * 64-bit wrap-around and an unsigned modulo, and the secondary hash byte stored in each record,
 * from a backward pass. Key bytes count as unsigned. Stateless and thread-safe.
 */
final class KeyHash {
    private KeyHash() {
    }

    /** The raw 64-bit index before the modulo (unsigned, wrapped). */
    static long rawIndex(byte[] key) {
        long idx = 19780211L;
        for (byte b : key) {
            idx = idx * 37 + (b & 0xFF);
        }
        return idx;
    }

    /** The bucket of {@code key} among {@code bnum} buckets. */
    static long bucket(byte[] key, long bnum) {
        return Long.remainderUnsigned(rawIndex(key), bnum);
    }

    /** The secondary hash byte (0..255) that orders keys within a bucket's tree. */
    static int secondary(byte[] key) {
        int h = 751;
        for (int i = key.length - 1; i >= 0; i--) {
            h = (h * 31) ^ (key[i] & 0xFF);
        }
        return h & 0xFF;
    }
}
