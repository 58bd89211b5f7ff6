package io.countd.server.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DaemonThreadsTest {
    @Test
    void threadsAreDaemonsNamedForTheirPool() {
        DaemonThreads numbered = DaemonThreads.numbered("pool");
        Thread a = numbered.newThread(() -> { });
        Thread b = numbered.newThread(() -> { });
        assertEquals("pool-0", a.getName());
        assertEquals("pool-1", b.getName());
        Thread c = DaemonThreads.named("closer").newThread(() -> { });
        assertEquals("closer", c.getName());
        assertTrue(a.isDaemon() && b.isDaemon() && c.isDaemon(), "never keeps the JVM from exiting");
    }
}
