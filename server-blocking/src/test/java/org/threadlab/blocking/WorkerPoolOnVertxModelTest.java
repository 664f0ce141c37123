package org.threadlab.blocking;

import java.util.List;

/** The blocking model's checks on the Vert.x engine: still exactly --workers platform threads, and a bounded queue. */
class WorkerPoolOnVertxModelTest extends WorkerPoolModelTest {
    @Override
    protected List<String> engineOptions() {
        return List.of("--engine", "vertx");
    }
}
