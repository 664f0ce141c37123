package org.threadlab.virtual;

import java.util.List;

/** The shared reliability suite against the virtual model on the Netty engine. */
class VirtualNettyReliabilityTest extends VirtualReliabilityTest {
    @Override
    protected List<String> engineOptions() {
        return List.of("--engine", "netty");
    }
}
