package org.threadlab.core.db.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.threadlab.core.db.DataSet;
import org.threadlab.core.db.DatabaseException;
import org.threadlab.core.db.DatabaseStats;
import org.threadlab.core.db.Queries;
import org.threadlab.core.db.Query;
import org.threadlab.core.options.ServerOptions;
import org.threadlab.core.postgres.TestPostgres;

/** PostgreSQL through pgjdbc and HikariCP: the same values as the simulated database, and its failures mapped alike. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdbcDatabaseTest {
    private static final long SEED = 42;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened.reversed()) {
            c.close();
        }
    }

    private JdbcDatabase open(PostgresTarget target, String... options) {
        List<String> args = new ArrayList<>(List.of("--db", "postgres", "--db-url", target.url(), "--db-seed",
                Long.toString(SEED), "--db-latency", "0ms", "--db-pool-size", "4"));
        args.addAll(List.of(options));
        ServerOptions o = ServerOptions.parse("blocking", args.toArray(String[]::new));
        SchemaLoader.load(target, SEED);
        JdbcDatabase db = JdbcDatabase.open(target, o);
        opened.add(db);
        return db;
    }

    static Stream<Query<?>> reads() {
        return Stream.of(Queries.item(1), Queries.item(5_000), Queries.item(0), Queries.item(999_999),
                Queries.items(null, 20), Queries.items(null, 1), Queries.items("books", 5), Queries.items("none", 5),
                Queries.customer(3), Queries.customer(0), Queries.order(1), Queries.order(10_000),
                Queries.order(10_001), Queries.recentOrders(3), Queries.recentOrders(999_999),
                Queries.recommendations(3), Queries.recommendations(999_999));
    }

    @ParameterizedTest
    @MethodSource("reads")
    void everyReadReturnsWhatTheSimulatedDatabaseReturns(Query<?> query) {
        JdbcDatabase db = open(TestPostgres.newDatabase());
        DataSet data = DataSet.generate(SEED);
        assertEquals(query.work().apply(data), db.query(query), query.name());
    }

    @Test
    void ordersAreStoredWithTheSameIdsAndRefusalsAsInMemory() {
        PostgresTarget target = TestPostgres.newDatabase();
        JdbcDatabase db = open(target);
        DataSet data = DataSet.generate(SEED);
        List<Query<Queries.OrderResult>> writes = List.of(Queries.insertOrder(3, 7, 2), Queries.insertOrder(999_999, 7, 1),
                Queries.insertOrder(3, 999_999, 1), Queries.insertOrder(4, 8, 1));
        for (Query<Queries.OrderResult> w : writes) {
            assertEquals(w.work().apply(data), db.query(w), w.name());
        }
        assertEquals(DataSet.ORDERS + 2, SchemaLoader.orderCount(target), "two rows stored, refusals none");
        assertEquals(Queries.recentOrders(3).work().apply(data), db.query(Queries.recentOrders(3)), "read back");
    }

    @Test
    void theLatencyHoldsTheConnectionInsideTheStatement() throws Exception {
        JdbcDatabase db = open(TestPostgres.newDatabase(), "--db-latency", "200ms", "--db-pool-size", "1",
                "--db-pool-timeout", "10s");
        long start = System.nanoTime();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                done.add(callers.submit(() -> db.query(Queries.item(1))));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms >= 3 * 190, () -> "three 200 ms queries over one connection took only " + ms + " ms");
        DatabaseStats stats = db.stats();
        assertEquals("postgres", stats.kind());
        assertEquals(3, stats.queries());
        assertTrue(stats.poolWaits() >= 1, () -> "later callers waited for the connection: " + stats);
        assertEquals(1, stats.peakInFlight());
        assertEquals(1, stats.idle(), "the connection is back and idle");
    }

    @Test
    void statementTimeoutIsTheQueryTimeout() {
        JdbcDatabase db = open(TestPostgres.newDatabase(), "--db-latency", "2s", "--db-query-timeout", "100ms");
        long start = System.nanoTime();
        assertThrows(DatabaseException.QueryTimeout.class, () -> db.query(Queries.item(1)));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < 1_500, () -> "cancelled by statement_timeout, not after the 2 s sleep: " + ms + " ms");
        assertEquals(1, db.stats().queryTimeouts());
        assertEquals(Queries.item(1).work().apply(DataSet.generate(SEED)), open(TestPostgres.newDatabase())
                .query(Queries.item(1)), "a fast query on the same settings still answers");
    }

    @Test
    void aDrawnFaultFailsTheQueryAndWritesNothing() {
        PostgresTarget target = TestPostgres.newDatabase();
        JdbcDatabase db = open(target, "--db-error-rate", "1");
        assertThrows(DatabaseException.Unavailable.class, () -> db.query(Queries.insertOrder(3, 7, 1)));
        assertEquals(DataSet.ORDERS, SchemaLoader.orderCount(target), "a failed insert stores nothing");
        assertEquals(1, db.stats().failed());
        db.setErrorRate(0);
        assertInstanceOf(Queries.OrderResult.Created.class, db.query(Queries.insertOrder(3, 7, 1)));
    }

    @Test
    void aFullPoolTimesOutLikeTheSimulatedOne() throws Exception {
        JdbcDatabase db = open(TestPostgres.newDatabase(), "--db-latency", "1s", "--db-pool-size", "1",
                "--db-pool-timeout", "100ms");
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> holder = callers.submit(() -> db.query(Queries.item(1)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (db.stats().inFlight() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Future<?> waiter = callers.submit(() -> db.query(Queries.item(2)));
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiter.get(10, TimeUnit.SECONDS));
            assertInstanceOf(DatabaseException.PoolTimeout.class, e.getCause());
            holder.get(10, TimeUnit.SECONDS);
        }
        assertEquals(1, db.stats().poolTimeouts());
    }

    @Test
    void aStoppedServerIsUnavailableNotAnInternalError() {
        EmbeddedPostgresServer own = EmbeddedPostgresServer.start(40);
        try {
            JdbcDatabase db = open(own.target(), "--db-pool-size", "2");
            assertEquals(Queries.item(1).work().apply(DataSet.generate(SEED)), db.query(Queries.item(1)));
            own.close();
            assertThrows(DatabaseException.Unavailable.class, () -> db.query(Queries.item(1)));
        } finally {
            own.close();
        }
    }

    @Test
    void anUnreachableServerFailsAtOpenWithOneLine() {
        PostgresTarget nowhere = new PostgresTarget("127.0.0.1", 1, "db", "postgres", "");
        ServerOptions o = ServerOptions.parse("blocking", "--db", "postgres", "--db-url", nowhere.url());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> JdbcDatabase.open(nowhere, o));
        assertTrue(e.getMessage().startsWith("cannot connect to PostgreSQL at postgresql://postgres@127.0.0.1:1/db"),
                e::getMessage);
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }
}
