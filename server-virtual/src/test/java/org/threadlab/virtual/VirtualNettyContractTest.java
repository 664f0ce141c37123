package org.threadlab.virtual;

import java.util.List;

/** The shared contract against the virtual model on the Netty engine: one virtual thread per request. */
class VirtualNettyContractTest extends VirtualContractTest {
    @Override
    protected List<String> engineOptions() {
        return List.of("--engine", "netty");
    }
}
