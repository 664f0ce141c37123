package org.threadlab.blocking;

import org.threadlab.core.options.ServerFactory;
import org.threadlab.core.postgres.PostgresRestartSuite;

/** PostgreSQL crashes and comes back under the blocking server's writers: nothing acknowledged is lost. */
class BlockingPostgresRestartTest extends PostgresRestartSuite {
    @Override
    protected ServerFactory factory() {
        return BlockingServer::start;
    }

    @Override
    protected String model() {
        return BlockingServer.MODEL;
    }
}
