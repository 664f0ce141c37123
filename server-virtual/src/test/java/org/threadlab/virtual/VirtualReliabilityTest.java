package org.threadlab.virtual;

import org.threadlab.core.options.ServerFactory;
import org.threadlab.core.reliability.ReliabilitySuite;

/** Core's reliability suite (bad input, timeouts, overload, shutdown, faults) against the virtual server. */
class VirtualReliabilityTest extends ReliabilitySuite {
    @Override
    protected ServerFactory factory() {
        return VirtualServer::start;
    }

    @Override
    protected String model() {
        return VirtualServer.MODEL;
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
