package io.countd.server.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Exact per-key sums, kept in order of first addition, and reuse after clear. */
class DeltasTest {
    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);

    @Test
    void randomIncrementsSumExactlyAndSaturateOnce() {
        Random rnd = new Random(9);
        Deltas d = new Deltas();
        for (int round = 0; round < 20; round++) {
            d.clear();
            Map<String, BigInteger> model = new LinkedHashMap<>();
            int keys = 1 + rnd.nextInt(round % 2 == 0 ? 30 : 5000);
            for (int i = 0; i < 20_000; i++) {
                String k = "k" + rnd.nextInt(keys);
                long inc = switch (rnd.nextInt(4)) {
                    case 0 -> Long.MAX_VALUE - rnd.nextInt(10);
                    case 1 -> Long.MIN_VALUE + rnd.nextInt(10);
                    default -> rnd.nextInt(2001) - 1000;
                };
                byte[] buffer = new byte[300];
                byte[] kb = k.getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(kb, 0, buffer, 0, kb.length);
                buffer[kb.length] = 'z';
                d.add(buffer, kb.length, inc);
                model.merge(k, BigInteger.valueOf(inc), BigInteger::add);
            }
            assertEquals(model.size(), d.size());
            List<String> order = new ArrayList<>(model.keySet());
            for (int i = 0; i < d.size(); i++) {
                assertArrayEquals(order.get(i).getBytes(StandardCharsets.US_ASCII), d.key(i), "first-added order");
                for (long old : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 123456789}) {
                    BigInteger exact = model.get(order.get(i)).add(BigInteger.valueOf(old));
                    assertEquals(exact.max(MIN).min(MAX).longValueExact(), d.newCount(i, old), order.get(i) + " from " + old);
                }
            }
        }
    }

    @Test
    void opposingHugeIncrementsCancelExactly() {
        Deltas d = new Deltas();
        byte[] k = {'k'};
        for (int i = 0; i < 1000; i++) {
            d.add(k, 1, Long.MAX_VALUE);
        }
        for (int i = 0; i < 1000; i++) {
            d.add(k, 1, -Long.MAX_VALUE);
        }
        d.add(k, 1, 3);
        assertEquals(3, d.newCount(0, 0));
        assertEquals(Long.MIN_VALUE + 3, d.newCount(0, Long.MIN_VALUE));
    }

    @Test
    void clearForgetsEverything() {
        Deltas d = new Deltas();
        for (int i = 0; i < 10_000; i++) {
            d.add(("key" + i).getBytes(StandardCharsets.US_ASCII), ("key" + i).length(), i);
        }
        d.clear();
        assertEquals(0, d.size());
        d.add(new byte[] {'b'}, 1, 5);
        d.add(new byte[] {'a'}, 1, 1);
        d.add(new byte[] {'b'}, 1, 5);
        assertEquals(2, d.size());
        assertArrayEquals(new byte[] {'b'}, d.key(0));
        assertEquals(10, d.newCount(0, 0));
        assertEquals(1, d.newCount(1, 0));
    }

    /**
     * Adds are queued before they are carried out: the caller's buffer must be free for the next
     * key at once, and every read (size, key, count) must see every add made before it, however
     * few; a clear drops queued adds with the rest.
     */
    @Test
    void queuedAddsCopyTheKeyAndShowAtEveryRead() {
        Random rnd = new Random(17);
        Deltas d = new Deltas();
        byte[] buffer = new byte[8];
        Map<String, Long> model = new LinkedHashMap<>();
        for (int i = 0; i < 5_000; i++) {
            String k = "q" + rnd.nextInt(50);
            byte[] kb = k.getBytes(StandardCharsets.US_ASCII);
            java.util.Arrays.fill(buffer, (byte) 'x');
            System.arraycopy(kb, 0, buffer, 0, kb.length);
            long inc = rnd.nextInt(9) + 1;
            d.add(buffer, kb.length, inc);
            model.merge(k, inc, Long::sum);
            int read = rnd.nextInt(Deltas.AHEAD * 2);
            if (read == 0) {
                assertEquals(model.size(), d.size());
            } else if (read == 1) {
                int at = new ArrayList<>(model.keySet()).indexOf(k);
                assertEquals(model.get(k), d.newCount(at, 0), k);
            } else if (read == 2) {
                int at = rnd.nextInt(model.size());
                assertArrayEquals(new ArrayList<>(model.keySet()).get(at).getBytes(StandardCharsets.US_ASCII), d.key(at));
            }
        }
        List<String> order = new ArrayList<>(model.keySet());
        assertEquals(order.size(), d.size());
        for (int i = 0; i < order.size(); i++) {
            assertArrayEquals(order.get(i).getBytes(StandardCharsets.US_ASCII), d.key(i));
            assertEquals(model.get(order.get(i)), d.newCount(i, 0));
        }
        d.add(new byte[] {'g'}, 1, 1);
        d.clear();
        d.add(new byte[] {'h'}, 1, 2);
        assertEquals(1, d.size());
        assertArrayEquals(new byte[] {'h'}, d.key(0));
        assertEquals(2, d.newCount(0, 0));
    }

    @Test
    void keysAreCheckedOnce() {
        Deltas d = new Deltas();
        assertThrows(IllegalArgumentException.class, () -> d.add(new byte[4], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> d.add(new byte[300], 257, 1));
        assertThrows(IllegalArgumentException.class, () -> d.add(new byte[2], 3, 1));
        assertThrows(IllegalArgumentException.class, () -> d.add(new byte[] {'a', 0}, 2, 1));
        assertEquals(0, d.size());
        byte[] longest = new byte[256];
        java.util.Arrays.fill(longest, (byte) 0xFF);
        d.add(longest, 256, 1);
        assertEquals(1, d.size());
    }
}
