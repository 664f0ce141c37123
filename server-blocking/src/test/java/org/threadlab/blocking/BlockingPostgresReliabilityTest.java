package org.threadlab.blocking;

import java.util.List;
import org.threadlab.core.postgres.TestPostgres;

/** The shared reliability suite against the blocking server on PostgreSQL (embedded, a database per server). */
class BlockingPostgresReliabilityTest extends BlockingReliabilityTest {
    @Override
    protected List<String> databaseOptions() {
        return TestPostgres.options(POSTGRES_POOL);
    }
}
