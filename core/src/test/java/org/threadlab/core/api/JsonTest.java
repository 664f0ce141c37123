package org.threadlab.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared mapper: its buffers are reused across threads, not kept per thread. */
class JsonTest {

    @Test
    void oneSetOfBuffersServesManyVirtualThreadsInTurn() throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            int n = i;
            Thread t = Thread.ofVirtual().start(() -> Json.bytes(Map.of("n", n)));
            t.join();
        }
        // A thread-local pool cannot count (-1) and would hold one set per thread that ever wrote.
        assertEquals(1, Json.MAPPER.getFactory()._getRecyclerPool().pooledCount(),
                "writers that never overlap share one recycler");
    }

    @Test
    void bodiesAreCompactJson() {
        assertEquals("{\"a\":[1,2]}", new String(Json.bytes(Map.of("a", new int[] {1, 2}))));
    }
}
