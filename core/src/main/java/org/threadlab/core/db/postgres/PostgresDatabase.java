package org.threadlab.core.db.postgres;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.threadlab.core.db.Database;
import org.threadlab.core.db.DatabaseException;
import org.threadlab.core.db.DatabaseStats;
import org.threadlab.core.db.Query;
import org.threadlab.core.db.QueryDraws;
import org.threadlab.core.db.QueryPool;
import org.threadlab.core.db.Sql;

/**
 * What every PostgreSQL face shares, whatever the driver: the same draws as the simulated database
 * (a drawn latency becomes a {@code pg_sleep} inside the statement; a drawn fault runs only the
 * sleep and then fails), the same pool queue in front of a driver pool of exactly
 * {@code --db-pool-size} connections, the same counters, and one mapping from PostgreSQL's
 * errors to the API's.
 */
public abstract class PostgresDatabase implements Database {
    /**
     * What pg_sleep oversleeps: its latch wakes on whole milliseconds, so 1 ms asked for lasts about
     * 2 ms while 0.99 ms lasts about 1.1 ms (measured here on PostgreSQL 18).
     */
    static final double SLEEP_OVERSHOOT_SECONDS = 0.00001;
    /** What a drawn fault runs: the wait alone, so that it holds its connection as long as the query would. */
    private static final Sql<Void> FAULT = new Sql<>("SELECT 1 FROM " + Sql.DELAY + " AS d", List.of(), rows -> null);
    /** statement_timeout cancelled the statement: --db-query-timeout. */
    private static final String QUERY_CANCELED = "57014";

    protected final QueryDraws draws;
    protected final QueryPool pool;
    private final LongAdder queries = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder queryTimeouts = new LongAdder();
    private volatile AutoCloseable owned;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private final PostgresTarget target;
    private final String applicationName;

    /**
     * @param applicationName what the pool's connections call themselves (application_name), so that
     *                        closing can find and cancel their statements
     */
    protected PostgresDatabase(QueryDraws draws, QueryPool pool, PostgresTarget target, String applicationName) {
        this.draws = draws;
        this.pool = pool;
        this.target = target;
        this.applicationName = applicationName;
    }

    /** The application_name of a model's connections. */
    protected static String applicationName(String model) {
        return "threadlab-" + model;
    }

    /** The statement a query runs under a draw: its own, or the fault's wait alone. */
    protected static Sql.Bound statement(Query<?> query, QueryDraws.Draw draw) {
        double seconds = Math.max(0, draw.latencyNanos() / 1e9 - SLEEP_OVERSHOOT_SECONDS);
        return draw.fails() ? FAULT.bind(seconds) : query.sql().bind(seconds);
    }

    /** The query's value from its rows; for a drawn fault, the fault. */
    protected final <T> T result(Query<T> query, QueryDraws.Draw draw, List<Object[]> rows) {
        queries.increment();
        if (draw.fails()) {
            failed.increment();
            draws.faulted();
            throw new DatabaseException.Unavailable();
        }
        return query.sql().rows().apply(rows);
    }

    /**
     * The API's failure for a driver's error: a cancelled statement is the query timeout (504),
     * a lost or refused connection is the database unavailable (503); anything else is a fault of
     * ours (500), never shown.
     *
     * @param sqlState the error's SQLSTATE, null when the driver gives none (an I/O failure)
     */
    protected final RuntimeException failure(Throwable error, String sqlState) {
        if (error instanceof DatabaseException e) {
            return e;
        }
        queries.increment();
        if (QUERY_CANCELED.equals(sqlState)) {
            queryTimeouts.increment();
            return new DatabaseException.QueryTimeout();
        }
        if (sqlState == null || sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.startsWith("53")) {
            failed.increment();
            return new DatabaseException.Unavailable();
        }
        return new IllegalStateException("PostgreSQL failed a statement (SQLSTATE " + sqlState + ")", error);
    }

    /** Connections open and unused in the driver's pool now. */
    protected abstract int idleConnections();

    /** Closes the driver's pool. */
    protected abstract void closeConnections();

    /**
     * Cancels the statements this pool's connections still run, as PostgreSQL's own query cancel does:
     * the server has stopped waiting for them (past --shutdown-timeout), and neither driver's pool
     * closes before its connections come back.
     */
    private void cancelStatements() {
        if (pool.inUse() == 0) {
            return;
        }
        try (java.sql.Connection c = SchemaLoader.connect(target);
             java.sql.PreparedStatement s = c.prepareStatement("SELECT pg_cancel_backend(pid) FROM pg_stat_activity"
                     + " WHERE application_name = ? AND datname = current_database() AND pid <> pg_backend_pid()"
                     + " AND state = 'active'")) {
            s.setString(1, applicationName);
            s.executeQuery().close();
        } catch (java.sql.SQLException e) {
            // PostgreSQL is gone already: nothing runs there to cancel.
        }
    }

    /** Hands over something to close after the pool, e.g. the embedded PostgreSQL the pool talks to. */
    public final PostgresDatabase owning(AutoCloseable resource) {
        this.owned = resource;
        return this;
    }

    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            cancelStatements();
            closeConnections();
        } finally {
            AutoCloseable resource = owned;
            owned = null;
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public final DatabaseStats stats() {
        return new DatabaseStats(DatabaseStats.POSTGRES, queries.sum(), failed.sum(), pool.timeouts(),
                queryTimeouts.sum(), pool.inUse(), pool.peakInUse(), pool.waiting(), pool.waits(), pool.size(),
                idleConnections());
    }

    @Override
    public final double errorRate() {
        return draws.errorRate();
    }

    @Override
    public final boolean errorRateAdjustable() {
        return draws.errorRateAdjustable();
    }

    @Override
    public final void setErrorRate(double errorRate) {
        draws.setErrorRate(errorRate);
    }

    @Override
    public final org.threadlab.core.db.LatencyModel latency() {
        return draws.latency();
    }

    @Override
    public final void setLatency(org.threadlab.core.db.LatencyModel latency) {
        draws.setLatency(latency);
    }

    @Override
    public final void onFirstFault(Consumer<StackTraceElement[]> sink) {
        draws.onFirstFault(sink);
    }
}
