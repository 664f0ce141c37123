package org.threadlab.core.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.threadlab.core.db.postgres.EmbeddedPostgresServer;
import org.threadlab.core.db.postgres.PostgresTarget;
import org.threadlab.core.db.postgres.SchemaLoader;

/**
 * One embedded PostgreSQL for the whole test JVM, started on first use and stopped when the JVM
 * exits, with a database of its own for every server a test starts: servers never share data.
 */
public final class TestPostgres {
    /** Servers a test class keeps open at once, times their pools, with room to spare. */
    private static final int MAX_CONNECTIONS = 600;
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    private TestPostgres() {
    }

    /** The server itself, in its default database. */
    public static synchronized PostgresTarget server() {
        if (server == null) {
            EmbeddedPostgresServer started = EmbeddedPostgresServer.start(MAX_CONNECTIONS);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "test-postgres-stop"));
            server = started;
        }
        return server.target();
    }

    /** A new empty database on the shared server. */
    public static PostgresTarget newDatabase() {
        PostgresTarget admin = server();
        String name = "t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = SchemaLoader.connect(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return admin.withDatabase(name);
    }

    /** Server options for PostgreSQL in a database of its own, with a pool of {@code poolSize}. */
    public static List<String> options(int poolSize) {
        return List.of("--db", "postgres", "--db-url", newDatabase().url(), "--db-pool-size", Integer.toString(poolSize));
    }
}
