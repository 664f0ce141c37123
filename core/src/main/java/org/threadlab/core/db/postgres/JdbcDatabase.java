package org.threadlab.core.db.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.threadlab.core.db.Query;
import org.threadlab.core.db.QueryDraws;
import org.threadlab.core.db.QueryPool;
import org.threadlab.core.db.Sql;
import org.threadlab.core.options.ServerOptions;

/**
 * PostgreSQL through pgjdbc and a HikariCP pool of exactly {@code --db-pool-size} connections,
 * for the thread-per-request models: the calling thread waits in the pool queue, then on the
 * socket. {@code --db-query-timeout} is each connection's {@code statement_timeout}.
 */
public final class JdbcDatabase extends PostgresDatabase {
    /** HikariCP takes no shorter connection timeout. */
    private static final long HIKARI_SHORTEST_TIMEOUT_MILLIS = 250;

    private final HikariDataSource connections;
    private final ExecutorService asyncFace = Executors.newVirtualThreadPerTaskExecutor();

    private JdbcDatabase(QueryDraws draws, QueryPool pool, PostgresTarget target, String applicationName,
                         HikariDataSource connections) {
        super(draws, pool, target, applicationName);
        this.connections = connections;
    }

    /** Opens the pool; fails at once, with one line, when PostgreSQL cannot be reached. */
    public static JdbcDatabase open(PostgresTarget target, ServerOptions o) {
        HikariConfig config = new HikariConfig();
        String applicationName = applicationName(o.model());
        config.setPoolName(applicationName);
        config.setJdbcUrl(target.jdbcUrl());
        config.setUsername(target.user());
        if (!target.password().isEmpty()) {
            config.setPassword(target.password());
        }
        // A fixed pool, as HikariCP recommends: every connection is opened at start and kept.
        config.setMaximumPoolSize(o.dbPoolSize());
        config.setMinimumIdle(o.dbPoolSize());
        // The pool queue in front admits no more queries than there are connections, so HikariCP waits only
        // when connections are broken (PostgreSQL restarting): then, like the queue, for --db-pool-timeout.
        config.setConnectionTimeout(Math.max(HIKARI_SHORTEST_TIMEOUT_MILLIS, o.dbPoolTimeout().toMillis()));
        config.addDataSourceProperty("options", PostgresSettings.startupOptions(o));
        config.addDataSourceProperty("ApplicationName", applicationName);
        HikariDataSource connections;
        try {
            connections = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new DatabaseStartException("cannot connect to PostgreSQL at " + target.display() + ": "
                    + PostgresSettings.rootMessage(e), e);
        }
        awaitFilled(connections, o.dbPoolSize(), target);
        return new JdbcDatabase(new QueryDraws(o.dbLatency(), o.dbErrorRate(), o.dbSeed(), o.adminFaults()),
                new QueryPool(o.dbPoolSize(), o.dbPoolTimeout()), target, applicationName, connections);
    }

    /** Longest the start waits for HikariCP to open every connection of the pool. */
    private static final long FILL_TIMEOUT_MILLIS = 60_000;

    /**
     * Waits until HikariCP has opened every connection (it opens one at start and fills the rest in
     * the background), so that, as with the Vert.x pool, none is opened under load.
     */
    private static void awaitFilled(HikariDataSource connections, int size, PostgresTarget target) {
        long deadline = System.nanoTime() + FILL_TIMEOUT_MILLIS * 1_000_000;
        while (connections.getHikariPoolMXBean().getTotalConnections() < size) {
            if (System.nanoTime() > deadline) {
                int open = connections.getHikariPoolMXBean().getTotalConnections();
                connections.close();
                throw new DatabaseStartException("PostgreSQL at " + target.display() + " gave " + open + " of "
                        + size + " connections within " + FILL_TIMEOUT_MILLIS / 1000 + " s (max_connections?)", null);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                connections.close();
                throw new IllegalStateException("interrupted while opening the pool", e);
            }
        }
    }

    @Override
    public <T> T query(Query<T> query) {
        pool.enter();
        try {
            QueryDraws.Draw draw = draws.next();
            Sql.Bound statement = statement(query, draw);
            List<Object[]> rows;
            try (Connection c = connections.getConnection();
                 PreparedStatement s = c.prepareStatement(statement.text())) {
                List<Object> parameters = statement.parameters();
                for (int i = 0; i < parameters.size(); i++) {
                    s.setObject(i + 1, parameters.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    rows = rows(rs);
                }
            } catch (SQLException e) {
                throw failure(e, e.getSQLState());
            }
            return result(query, draw, rows);
        } finally {
            pool.release();
        }
    }

    /** The non-blocking face over a blocking driver: the query on a virtual thread of its own. */
    @Override
    public <T> CompletableFuture<T> queryAsync(Query<T> query) {
        return CompletableFuture.supplyAsync(() -> query(query), asyncFace);
    }

    private static List<Object[]> rows(ResultSet rs) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        List<Object[]> rows = new ArrayList<>();
        while (rs.next()) {
            Object[] row = new Object[columns];
            for (int i = 0; i < columns; i++) {
                row[i] = rs.getObject(i + 1);
            }
            rows.add(row);
        }
        return rows;
    }

    @Override
    protected int idleConnections() {
        var bean = connections.getHikariPoolMXBean();
        return bean == null ? 0 : bean.getIdleConnections();
    }

    @Override
    protected void closeConnections() {
        asyncFace.shutdownNow();
        connections.close();
    }
}
