package org.threadlab.reactive;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.threadlab.core.db.DelayScheduler;
import org.threadlab.core.db.Query;
import org.threadlab.core.db.QueryDraws;
import org.threadlab.core.db.QueryPool;
import org.threadlab.core.db.Sql;
import org.threadlab.core.db.postgres.DatabaseStartException;
import org.threadlab.core.db.postgres.PostgresDatabase;
import org.threadlab.core.db.postgres.PostgresSettings;
import org.threadlab.core.db.postgres.PostgresTarget;
import org.threadlab.core.options.ServerOptions;

/**
 * PostgreSQL through Vert.x's non-blocking driver (vertx-pg-client) for the event loops: a pool of
 * exactly {@code --db-pool-size} connections, opened at start as HikariCP's are, behind the same pool
 * queue as every other database; nothing waits on a thread.
 */
final class PgClientDatabase extends PostgresDatabase {
    private static final long OPEN_TIMEOUT_SECONDS = 30;
    private static final long CLOSE_WAIT_MILLIS = 1_000;

    private final Pool client;
    private final DelayScheduler timers;

    private PgClientDatabase(QueryDraws draws, QueryPool pool, PostgresTarget target, String applicationName,
                             Pool client, DelayScheduler timers) {
        super(draws, pool, target, applicationName);
        this.client = client;
        this.timers = timers;
    }

    /** Opens the pool and all its connections; fails with one line when PostgreSQL cannot be reached. */
    static PgClientDatabase open(PostgresTarget target, ServerOptions o, Vertx vertx, DelayScheduler timers) {
        String applicationName = applicationName(o.model());
        PgConnectOptions connect = new PgConnectOptions()
                .setHost(target.host())
                .setPort(target.port())
                .setDatabase(target.database())
                .setUser(target.user())
                .setPassword(target.password())
                // pgjdbc keeps server-side prepared statements per connection too.
                .setCachePreparedStatements(true)
                .addProperty("statement_timeout", Long.toString(PostgresSettings.statementTimeoutMillis(o)))
                .addProperty("application_name", applicationName);
        PoolOptions poolOptions = new PoolOptions()
                .setMaxSize(o.dbPoolSize())
                .setName(applicationName)
                // The pool queue in front admits no more queries than there are connections: the driver's pool
                // waits only when connections are broken (PostgreSQL restarting), and then for --db-pool-timeout.
                .setConnectionTimeout((int) Math.max(1, o.dbPoolTimeout().toMillis()))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        Pool client = PgBuilder.pool().with(poolOptions).connectingTo(connect).using(vertx).build();
        try {
            openAll(client, o.dbPoolSize());
        } catch (RuntimeException e) {
            client.close();
            throw new DatabaseStartException("cannot connect to PostgreSQL at " + target.display() + ": "
                    + PostgresSettings.rootMessage(e), e);
        }
        return new PgClientDatabase(new QueryDraws(o.dbLatency(), o.dbErrorRate(), o.dbSeed(), o.adminFaults()),
                new QueryPool(o.dbPoolSize(), o.dbPoolTimeout()), target, applicationName, client,
                timers);
    }

    /** Connections asked for at once while filling the pool: each waits for its lease no longer than --db-pool-timeout. */
    private static final int OPEN_AT_ONCE = 8;

    /**
     * Opens every connection now, as the fixed HikariCP pool does, so that neither pool opens any
     * under load: leases them all, a few at a time (each held, so the pool must open a new one),
     * then gives them back. A lease that times out (a server starting under its CPU budget, or a
     * PostgreSQL still busy after a restart, can take longer than --db-pool-timeout to connect) is
     * asked for again until {@value #OPEN_TIMEOUT_SECONDS} s have passed; any other failure (refused,
     * bad credentials) ends the start at once.
     */
    private static void openAll(Pool client, int size) {
        List<SqlConnection> held = new ArrayList<>(size);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OPEN_TIMEOUT_SECONDS);
        try {
            while (held.size() < size) {
                List<Future<SqlConnection>> wave = new ArrayList<>();
                for (int i = 0; i < Math.min(OPEN_AT_ONCE, size - held.size()); i++) {
                    wave.add(client.getConnection());
                }
                Throwable failed = null;
                try {
                    // join, not all: every lease of the wave settles, so none is left open outside held
                    Future.join(wave).await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    failed = e;
                } finally {
                    for (Future<SqlConnection> f : wave) {
                        if (f.succeeded()) {
                            held.add(f.result());
                        }
                    }
                }
                if (failed != null && (!timedOut(failed) || System.nanoTime() >= deadline)) {
                    throw new IllegalStateException(failed.getMessage() == null ? failed.toString() : failed.getMessage(),
                            failed);
                }
            }
        } finally {
            held.forEach(SqlConnection::close);
        }
    }

    /** Whether a lease failed only because it waited too long (Vert.x says "Timeout"), not because PostgreSQL refused. */
    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException
                    || (t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timeout"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public <T> CompletableFuture<T> queryAsync(Query<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        pool.enterAsync(timers).whenComplete((entered, waitFailed) -> {
            if (waitFailed != null) {
                result.completeExceptionally(waitFailed);
                return;
            }
            QueryDraws.Draw draw = draws.next();
            Sql.Bound statement = statement(query, draw);
            client.preparedQuery(statement.numbered()).execute(Tuple.tuple(new ArrayList<>(statement.parameters())))
                    .onComplete(done -> {
                        pool.release();
                        if (done.failed()) {
                            Throwable e = done.cause();
                            result.completeExceptionally(failure(e, e instanceof PgException pg ? pg.getSqlState() : null));
                            return;
                        }
                        try {
                            result.complete(result(query, draw, rows(done.result())));
                        } catch (RuntimeException e) {
                            result.completeExceptionally(e);
                        }
                    });
        });
        return result;
    }

    /** The blocking face, for callers off the event loop: waits for the non-blocking one. */
    @Override
    public <T> T query(Query<T> query) {
        try {
            return queryAsync(query).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static List<Object[]> rows(RowSet<Row> set) {
        List<Object[]> rows = new ArrayList<>(set.size());
        for (Row row : set) {
            Object[] values = new Object[row.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = row.getValue(i);
            }
            rows.add(values);
        }
        return rows;
    }

    @Override
    protected int idleConnections() {
        // Every connection stays open (no idle timeout) and each query in the pool queue's slots holds one.
        return Math.max(0, pool.size() - pool.inUse());
    }

    /**
     * Closes the pool, waiting for statements still running at most {@value #CLOSE_WAIT_MILLIS} ms:
     * the server has given up on them by now, and stopping Vert.x closes their sockets anyway.
     */
    @Override
    protected void closeConnections() {
        try {
            client.close().await(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // Statements still running past the shutdown deadline: Vert.x's own close ends them.
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Vert.x closed first: the pool is one of its close hooks, so it is closed already.
        } catch (Exception e) {
            if (e.getCause() instanceof java.util.concurrent.RejectedExecutionException) {
                return;
            }
            throw new IllegalStateException("the PostgreSQL pool did not close: " + e.getMessage(), e);
        }
    }
}
