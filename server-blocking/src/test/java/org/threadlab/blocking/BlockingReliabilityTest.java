package org.threadlab.blocking;

import org.threadlab.core.options.ServerFactory;
import org.threadlab.core.reliability.ReliabilitySuite;

/** The shared reliability suite (bad input, timeouts, overload, shutdown, faults), run against the blocking server. */
class BlockingReliabilityTest extends ReliabilitySuite {
    @Override
    protected ServerFactory factory() {
        return BlockingServer::start;
    }

    @Override
    protected String model() {
        return BlockingServer.MODEL;
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
