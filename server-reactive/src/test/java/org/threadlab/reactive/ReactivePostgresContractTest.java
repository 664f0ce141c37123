package org.threadlab.reactive;

import java.util.List;
import org.threadlab.core.postgres.TestPostgres;

/** The shared contract against the reactive server on PostgreSQL (embedded, a database per server). */
class ReactivePostgresContractTest extends ReactiveContractTest {
    @Override
    protected List<String> databaseOptions() {
        return TestPostgres.options(WORKERS);
    }

    /** A pool of {@code WORKERS} connections caps the queries run at once. */
    @Override
    protected int databasePoolBound() {
        return WORKERS;
    }
}
