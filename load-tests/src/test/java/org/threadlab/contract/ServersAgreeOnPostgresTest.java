package org.threadlab.contract;

import java.util.List;
import org.threadlab.core.postgres.TestPostgres;

/**
 * The seven pairs on PostgreSQL, each in a database of its own loaded from the same seed, give
 * every request of the contract table the same answer, byte for byte: pgjdbc with HikariCP
 * (blocking, virtual) and vertx-pg-client (reactive, on either engine) return what the simulated
 * database does.
 */
class ServersAgreeOnPostgresTest extends ServersAgreeTest {
    @Override
    protected List<String> databaseOptions() {
        return TestPostgres.options(10);
    }
}
