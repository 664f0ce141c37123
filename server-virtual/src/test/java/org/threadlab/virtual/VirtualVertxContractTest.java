package org.threadlab.virtual;

import java.util.List;

/** The shared contract against the virtual model on the Vertx engine: one virtual thread per request. */
class VirtualVertxContractTest extends VirtualContractTest {
    @Override
    protected List<String> engineOptions() {
        return List.of("--engine", "vertx");
    }
}
