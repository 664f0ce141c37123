package org.threadlab.core.contract;

import org.threadlab.core.options.ServerFactory;

/** The contract suite against core alone, through {@link ReferenceServer}: proves the table against core. */
class ReferenceContractTest extends ContractSuite {
    @Override
    protected ServerFactory factory() {
        return ReferenceServer::start;
    }

    @Override
    protected String model() {
        return "reference";
    }
}
