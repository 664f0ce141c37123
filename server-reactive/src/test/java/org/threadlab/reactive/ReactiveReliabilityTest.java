package org.threadlab.reactive;

import org.threadlab.core.options.ServerFactory;
import org.threadlab.core.reliability.ReliabilitySuite;

/** Bad input, slow and idle clients, overload, shutdown and database faults, against the event-loop server. */
class ReactiveReliabilityTest extends ReliabilitySuite {
    @Override
    protected ServerFactory factory() {
        return ReactiveServer::start;
    }

    @Override
    protected String model() {
        return ReactiveServer.MODEL;
    }

    @Override
    protected Class<?> mainClass() {
        return Main.class;
    }
}
