package org.threadlab.blocking;

import java.util.List;

/** The shared contract against the blocking model on the Vert.x engine (the control for the engine). */
class BlockingVertxContractTest extends BlockingContractTest {
    @Override
    protected List<String> engineOptions() {
        return List.of("--engine", "vertx");
    }
}
