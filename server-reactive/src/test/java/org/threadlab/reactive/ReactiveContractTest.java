package org.threadlab.reactive;

import org.threadlab.core.contract.ContractSuite;
import org.threadlab.core.options.ServerFactory;

/** The shared contract, against the event-loop server. */
class ReactiveContractTest extends ContractSuite {
    @Override
    protected ServerFactory factory() {
        return ReactiveServer::start;
    }

    @Override
    protected String model() {
        return ReactiveServer.MODEL;
    }
}
