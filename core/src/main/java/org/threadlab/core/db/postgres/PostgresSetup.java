package org.threadlab.core.db.postgres;

import org.threadlab.core.options.ServerOptions;

/**
 * The PostgreSQL a server talks to, ready for queries: the one {@code --db-url} names, or an
 * embedded one started for this process; either way with the data set of {@code --db-seed}
 * loaded fresh. Closing stops the embedded one (and removes its data); a given one is left running.
 */
public final class PostgresSetup implements AutoCloseable {
    private final PostgresTarget target;
    private final EmbeddedPostgresServer embedded;

    private PostgresSetup(PostgresTarget target, EmbeddedPostgresServer embedded) {
        this.target = target;
        this.embedded = embedded;
    }

    /** @throws IllegalStateException with one line when PostgreSQL cannot be started or reached */
    public static PostgresSetup prepare(ServerOptions o) {
        EmbeddedPostgresServer embedded = null;
        PostgresTarget target;
        if (o.dbUrl() == null) {
            embedded = EmbeddedPostgresServer.start(PostgresSettings.maxConnections(o.dbPoolSize()));
            target = embedded.target();
        } else {
            target = PostgresTarget.parse(o.dbUrl());
        }
        try {
            SchemaLoader.load(target, o.dbSeed());
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        return new PostgresSetup(target, embedded);
    }

    public PostgresTarget target() {
        return target;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
