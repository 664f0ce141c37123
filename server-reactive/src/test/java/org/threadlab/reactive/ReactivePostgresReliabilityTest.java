package org.threadlab.reactive;

import java.util.List;
import org.threadlab.core.postgres.TestPostgres;

/** The shared reliability suite against the reactive server on PostgreSQL (embedded, a database per server). */
class ReactivePostgresReliabilityTest extends ReactiveReliabilityTest {
    @Override
    protected List<String> databaseOptions() {
        return TestPostgres.options(POSTGRES_POOL);
    }
}
