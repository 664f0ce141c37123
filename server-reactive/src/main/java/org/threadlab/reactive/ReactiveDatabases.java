package org.threadlab.reactive;

import io.vertx.core.Vertx;
import org.threadlab.core.db.Database;
import org.threadlab.core.db.Databases;
import org.threadlab.core.db.SimulatedDatabase;
import org.threadlab.core.db.postgres.PostgresSetup;
import org.threadlab.core.options.ServerOptions;

/** The database the options name, with every wait on the event loops: their timers, or Vert.x's driver. */
final class ReactiveDatabases {
    private ReactiveDatabases() {
    }

    static Database open(ServerOptions o, Vertx vertx) {
        Database db = switch (o.db()) {
            case SIMULATED -> SimulatedDatabase.create(o, new EventLoopTimers(vertx));
            case POSTGRES -> {
                PostgresSetup setup = PostgresSetup.prepare(o);
                try {
                    yield PgClientDatabase.open(setup.target(), o, vertx).owning(setup);
                } catch (RuntimeException e) {
                    setup.close();
                    throw e;
                }
            }
        };
        return Databases.traced(db, o);
    }
}
