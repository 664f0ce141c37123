package org.threadlab.virtual;

import org.threadlab.core.contract.ContractSuite;
import org.threadlab.core.options.ServerFactory;

/** The shared contract, run against this server. */
class VirtualContractTest extends ContractSuite {
    @Override
    protected ServerFactory factory() {
        return VirtualServer::start;
    }

    @Override
    protected String model() {
        return "virtual";
    }
}
