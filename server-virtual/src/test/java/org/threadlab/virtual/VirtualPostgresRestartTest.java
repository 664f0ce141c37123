package org.threadlab.virtual;

import org.threadlab.core.options.ServerFactory;
import org.threadlab.core.postgres.PostgresRestartSuite;

/** PostgreSQL crashes and comes back under the virtual server's writers: nothing acknowledged is lost. */
class VirtualPostgresRestartTest extends PostgresRestartSuite {
    @Override
    protected ServerFactory factory() {
        return VirtualServer::start;
    }

    @Override
    protected String model() {
        return VirtualServer.MODEL;
    }
}
