package org.threadlab.core.db;

import java.util.function.Function;
import org.threadlab.core.db.postgres.JdbcDatabase;
import org.threadlab.core.db.postgres.PostgresDatabase;
import org.threadlab.core.db.postgres.PostgresSetup;
import org.threadlab.core.db.postgres.PostgresTarget;
import org.threadlab.core.options.ServerOptions;

/**
 * Opens the database the options name, in one place for every server: the simulated one, or
 * PostgreSQL (embedded unless {@code --db-url} names one, the data set loaded) through the
 * server's driver, with {@code --trace-first-fault} applied.
 */
public final class Databases {
    private Databases() {
    }

    /**
     * For the servers whose queries block their thread: PostgreSQL through pgjdbc and HikariCP.
     *
     * @param scheduler timers of the simulated database's non-blocking face; null for its own
     */
    public static Database open(ServerOptions o, DelayScheduler scheduler) {
        return open(o, scheduler, target -> JdbcDatabase.open(target, o));
    }

    /**
     * @param scheduler timers of the simulated database's non-blocking face; null for its own
     * @param driver    the server's PostgreSQL face, opened on the prepared PostgreSQL
     */
    public static Database open(ServerOptions o, DelayScheduler scheduler,
                                Function<PostgresTarget, PostgresDatabase> driver) {
        Database db = switch (o.db()) {
            case SIMULATED -> SimulatedDatabase.create(o, scheduler);
            case POSTGRES -> {
                PostgresSetup setup = PostgresSetup.prepare(o);
                try {
                    yield driver.apply(setup.target()).owning(setup);
                } catch (RuntimeException e) {
                    setup.close();
                    throw e;
                }
            }
        };
        if (o.traceFirstFault()) {
            db.onFirstFault(FaultTrace::print);
        }
        return db;
    }
}
