package org.threadlab.virtual;

import java.util.List;
import org.threadlab.core.postgres.TestPostgres;

/** The shared reliability suite against the virtual server on PostgreSQL (embedded, a database per server). */
class VirtualPostgresReliabilityTest extends VirtualReliabilityTest {
    @Override
    protected List<String> databaseOptions() {
        return TestPostgres.options(POSTGRES_POOL);
    }
}
