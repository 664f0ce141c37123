package org.threadlab.blocking;

import java.util.List;

/** The shared reliability suite against the blocking model on the Vert.x engine. */
class BlockingVertxReliabilityTest extends BlockingReliabilityTest {
    @Override
    protected List<String> engineOptions() {
        return List.of("--engine", "vertx");
    }
}
