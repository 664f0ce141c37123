package org.threadlab.core.db;

import org.threadlab.core.db.postgres.JdbcDatabase;
import org.threadlab.core.db.postgres.PostgresSetup;
import org.threadlab.core.options.ServerOptions;

/** Opens the database the options name, for the servers whose queries block their thread. */
public final class Databases {
    private Databases() {
    }

    /**
     * The simulated database, or PostgreSQL through pgjdbc and HikariCP (embedded unless
     * {@code --db-url} names one), with {@code --trace-first-fault} applied.
     *
     * @param scheduler timers of the simulated database's non-blocking face; null for its own
     */
    public static Database open(ServerOptions o, DelayScheduler scheduler) {
        Database db = switch (o.db()) {
            case SIMULATED -> SimulatedDatabase.create(o, scheduler);
            case POSTGRES -> {
                PostgresSetup setup = PostgresSetup.prepare(o);
                try {
                    yield JdbcDatabase.open(setup.target(), o).owning(setup);
                } catch (RuntimeException e) {
                    setup.close();
                    throw e;
                }
            }
        };
        return traced(db, o);
    }

    /** Applies {@code --trace-first-fault}: for every kind of database, in one place. */
    public static Database traced(Database db, ServerOptions o) {
        if (o.traceFirstFault()) {
            db.onFirstFault(FaultTrace::print);
        }
        return db;
    }
}
