package org.threadlab.blocking;

import org.threadlab.core.contract.ContractSuite;
import org.threadlab.core.options.ServerFactory;

/** The shared contract, run against the blocking server. */
class BlockingContractTest extends ContractSuite {
    @Override
    protected ServerFactory factory() {
        return BlockingServer::start;
    }

    @Override
    protected String model() {
        return BlockingServer.MODEL;
    }

    /** {@code --workers 20} caps the requests served at once. */
    @Override
    protected int requestPoolBound() {
        return WORKERS;
    }
}
