package org.threadlab.reactive;

import org.threadlab.core.options.ServerFactory;
import org.threadlab.core.postgres.PostgresRestartSuite;

/** PostgreSQL crashes and comes back under the reactive server's writers: nothing acknowledged is lost. */
class ReactivePostgresRestartTest extends PostgresRestartSuite {
    @Override
    protected ServerFactory factory() {
        return ReactiveServer::start;
    }

    @Override
    protected String model() {
        return ReactiveServer.MODEL;
    }
}
