package io.countd.tools.tchtest;

/**
 * The pseudo-random sequence of the GNU C library's {@code srand}/{@code rand} with its default
 * state size (an additive lagged Fibonacci generator over 31 words, seeded by a Lehmer generator),
 * so that a workload driven by a seed picks the same keys as the C test programs do on glibc.
 *
 * <p>The algorithm: word 0 of the state is the seed (0 is replaced by 1); each following word is
 * 16807 times the previous one modulo 2^31 - 1, computed with Schrage's method on signed 32-bit
 * values. Every draw adds the word 31 positions back to the word 3 positions back (wrapping at
 * 2^32) and returns the sum shifted right by one bit. The first 310 draws are discarded.
 *
 * <p>Not thread-safe.
 */
final class GlibcRandom {
    /** The largest value {@link #next()} returns, glibc's {@code RAND_MAX}. */
    static final int RAND_MAX = Integer.MAX_VALUE;

    private static final int DEGREE = 31;
    private static final int SEPARATION = 3;

    private final int[] state = new int[DEGREE];
    private int front;
    private int rear;

    /** A generator in the state {@code srand(seed)} leaves glibc's, the seed taken as unsigned. */
    GlibcRandom(int seed) {
        int word = seed == 0 ? 1 : seed;
        state[0] = word;
        for (int i = 1; i < DEGREE; i++) {
            int hi = word / 127773;
            int lo = word % 127773;
            word = 16807 * lo - 2836 * hi;
            if (word < 0) {
                word += Integer.MAX_VALUE;
            }
            state[i] = word;
        }
        front = SEPARATION;
        rear = 0;
        for (int i = 0; i < DEGREE * 10; i++) {
            next();
        }
    }

    /** The next value of {@code rand()}, in [0, {@link #RAND_MAX}]. */
    int next() {
        int sum = state[front] + state[rear];
        state[front] = sum;
        if (++front == DEGREE) {
            front = 0;
        }
        if (++rear == DEGREE) {
            rear = 0;
        }
        return sum >>> 1;
    }

    /**
     * A number in [0, range) drawn the way Tokyo Cabinet's test programs draw one: the high bits of
     * one draw plus a second draw scaled to the range, reduced modulo the range; 0 for a range
     * below 2.
     */
    int below(int range) {
        if (range < 2) {
            return 0;
        }
        int high = next() >>> 4;
        int low = (int) (range * (next() / (RAND_MAX + 1.0)));
        low &= Integer.MAX_VALUE >>> 4;
        return (high + low) % range;
    }
}
