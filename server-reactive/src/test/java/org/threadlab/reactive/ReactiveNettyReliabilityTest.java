package org.threadlab.reactive;

import java.util.List;

/** The shared reliability suite against the reactive model on plain Netty event loops. */
class ReactiveNettyReliabilityTest extends ReactiveReliabilityTest {
    @Override
    protected List<String> engineOptions() {
        return List.of("--engine", "netty");
    }
}
