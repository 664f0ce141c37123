package org.threadlab.core.reliability;

import java.util.EnumSet;
import java.util.Set;
import org.threadlab.core.contract.ReferenceServer;
import org.threadlab.core.options.ServerFactory;

/**
 * The reliability suite against core alone, through the contract's {@link ReferenceServer}: the
 * battery rows that core decides, nothing lost, overload and database faults. That tiny server
 * has no real HTTP parser, no connection timeouts and no graceful shutdown, so those tests are
 * skipped here and run against the three real servers only.
 */
class ReferenceReliabilityTest extends ReliabilitySuite {
    @Override
    protected ServerFactory factory() {
        return ReferenceServer::start;
    }

    @Override
    protected String model() {
        return "reference";
    }

    @Override
    protected Set<EngineFeature> lacking() {
        return EnumSet.allOf(EngineFeature.class);
    }
}
