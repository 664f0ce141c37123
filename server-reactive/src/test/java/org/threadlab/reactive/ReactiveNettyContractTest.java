package org.threadlab.reactive;

import java.util.List;

/** The shared contract against the reactive model on plain Netty event loops. */
class ReactiveNettyContractTest extends ReactiveContractTest {
    @Override
    protected List<String> engineOptions() {
        return List.of("--engine", "netty");
    }
}
