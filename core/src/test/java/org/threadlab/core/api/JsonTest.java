package org.threadlab.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared mapper: its buffers are reused across threads, not kept per thread. */
class JsonTest {

    @Test
    void oneSetOfBuffersServesManyVirtualThreadsInTurn() throws InterruptedException {
        // A thread-local pool cannot count (-1) and would hold one set per thread that ever wrote.
        int before = Json.MAPPER.getFactory()._getRecyclerPool().pooledCount();
        assertTrue(before >= 0, "the pool is shared, not per thread");
        for (int i = 0; i < 100; i++) {
            int n = i;
            Thread t = Thread.ofVirtual().start(() -> Json.bytes(Map.of("n", n)));
            t.join();
        }
        // Earlier tests in this JVM may have left a recycler per writer that overlapped another.
        assertEquals(Math.max(before, 1), Json.MAPPER.getFactory()._getRecyclerPool().pooledCount(),
                "writers that never overlap reuse what the pool holds");
    }

    @Test
    void bodiesAreCompactJson() {
        assertEquals("{\"a\":[1,2]}", new String(Json.bytes(Map.of("a", new int[] {1, 2}))));
    }
}
