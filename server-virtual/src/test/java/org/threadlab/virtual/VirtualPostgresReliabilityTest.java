package org.threadlab.virtual;

import java.util.List;
import org.threadlab.core.postgres.TestPostgres;

/**
 * The reliability policies the database takes part in, against the virtual server on PostgreSQL (embedded, a
 * database per server).
 */
class VirtualPostgresReliabilityTest extends VirtualReliabilityTest {
    @Override
    protected List<String> databaseOptions() {
        return TestPostgres.options(POSTGRES_POOL);
    }

    /** Bad input and connection timeouts are the engine's, whatever the database: the simulated run covers them. */
    @Override
    protected java.util.Set<Policy> policies() {
        return DATABASE_POLICIES;
    }
}
