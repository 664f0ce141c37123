package org.threadlab.lab;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.threadlab.core.db.postgres.EmbeddedPostgresServer;
import org.threadlab.core.db.postgres.PostgresSettings;
import org.threadlab.core.db.postgres.PostgresTarget;
import org.threadlab.core.db.postgres.SchemaLoader;

/**
 * The database of a run ({@code --db}): nothing to start for the simulated one, which lives in each
 * server; for PostgreSQL one server for the whole run, embedded (started here, so on the lab's own
 * CPUs, off the server's set and outside its budget) unless {@code --db-url} names one. Each server
 * reloads the data set when it starts, so every server begins from the same rows.
 */
final class LabDatabase implements AutoCloseable {
    /** The settings environment.json records, as PostgreSQL reports them. */
    static final List<String> SETTINGS = List.of("server_version", "max_connections", "shared_buffers", "work_mem",
            "fsync", "synchronous_commit", "full_page_writes", "wal_level", "max_wal_size", "jit");

    private final PostgresTarget target;
    private final EmbeddedPostgresServer embedded;
    private final Map<String, Object> description;
    private volatile long pid;

    private LabDatabase(PostgresTarget target, EmbeddedPostgresServer embedded, Map<String, Object> description,
                        long pid) {
        this.target = target;
        this.embedded = embedded;
        this.description = description;
        this.pid = pid;
    }

    /** The plan's database, started and checked; null for the simulated one. */
    static LabDatabase start(RunPlan plan) {
        if (!plan.postgres()) {
            return null;
        }
        EmbeddedPostgresServer embedded = null;
        PostgresTarget target;
        if (plan.dbUrl() == null) {
            try {
                embedded = EmbeddedPostgresServer.start(PostgresSettings.maxConnections(plan.dbPoolSize()));
            } catch (IllegalStateException e) {
                throw new LabFailure(e.getMessage());
            }
            target = embedded.target();
        } else {
            target = PostgresTarget.parse(plan.dbUrl());
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("kind", "postgres");
        d.put("embedded", embedded != null);
        d.put("url", target.display());
        long pid = embedded == null ? -1 : embedded.pid();
        d.put("pid", pid > 0 ? pid : null);
        d.put("cpusAllowed", pid > 0 ? CpuSet.ofProcess(Long.toString(pid)).toString() : null);
        try (Connection c = SchemaLoader.connect(target); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT version()")) {
                rs.next();
                d.put("version", rs.getString(1));
            }
            Map<String, Object> settings = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT name, setting, unit FROM pg_settings WHERE name IN ('"
                    + String.join("','", SETTINGS) + "') ORDER BY name")) {
                while (rs.next()) {
                    settings.put(rs.getString(1), rs.getString(3) == null ? rs.getString(2)
                            : rs.getString(2) + " x " + rs.getString(3));
                }
            }
            d.put("settings", settings);
            int max = Integer.parseInt(String.valueOf(settings.getOrDefault("max_connections", "0")));
            if (max > 0 && max <= plan.dbPoolSize()) {
                throw new LabFailure("PostgreSQL at " + target.display() + " takes " + max
                        + " connections (max_connections), not more than --db-pool-size " + plan.dbPoolSize()
                        + ": raise max_connections or lower the pool");
            }
        } catch (SQLException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw new LabFailure("cannot reach PostgreSQL at " + target.display() + ": " + e.getMessage());
        } catch (LabFailure e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        return new LabDatabase(target, embedded, d, pid);
    }

    /** What every server is started with to use this database. */
    List<String> serverArgs() {
        return List.of("--db", "postgres", "--db-url", target.url());
    }

    /** The postmaster's pid when it runs here (the sampler adds its backends), else -1. */
    long pid() {
        return pid;
    }

    /** Whether the lab owns this PostgreSQL (embedded), so that it may stop and start it. */
    boolean restartable() {
        return embedded != null;
    }

    /** Stops PostgreSQL as a crash would (the restart scenario's outage). */
    void stopAbruptly() {
        embedded.stopAbruptly();
    }

    /** Starts it again on the same port and data, through crash recovery. */
    void startAgain() {
        embedded.startAgain();
        pid = embedded.pid();
    }

    /** The orders stored now, seeded ones included. */
    long orderCount() {
        return SchemaLoader.orderCount(target);
    }

    /** environment.json's database section. */
    Map<String, Object> describe() {
        return description;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
