package org.threadlab.core.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SimulatedDatabaseTest {
    private static final Duration LONG = Duration.ofSeconds(10);
    private final List<SimulatedDatabase> databases = new ArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        threads.shutdownNow();
        databases.forEach(SimulatedDatabase::close);
    }

    private SimulatedDatabase db(String latency, int poolSize, Duration poolTimeout, Duration queryTimeout,
                                 double errorRate, long seed, DelayScheduler scheduler) {
        SimulatedDatabase db = new SimulatedDatabase(LatencyModel.parse(latency), poolSize, poolTimeout, queryTimeout,
                errorRate, seed, scheduler);
        databases.add(db);
        return db;
    }

    private SimulatedDatabase db(String latency, int poolSize) {
        return db(latency, poolSize, LONG, Duration.ZERO, 0, 42, null);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    private static Throwable failureOf(CompletableFuture<?> future) throws InterruptedException {
        try {
            future.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + future.join());
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the future never completed");
        }
    }

    /** A query that holds its pool slot until {@code release} opens. */
    private static Query<String> holding(CountDownLatch entered, CountDownLatch release) {
        return new Query<>("hold", data -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "held";
        }, null);
    }

    // ---- the pool --------------------------------------------------------------------------

    @Test
    void blockingFaceNeverRunsMoreQueriesThanThePoolSize() throws Exception {
        SimulatedDatabase db = db("1ms", 4);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        Query<Integer> counted = new Query<>("counted", data -> {
            // Runs while the query holds its slot: counts how many hold one at once.
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return 1;
        }, null);
        int callers = 48;
        int each = 5;
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            futures.add(threads.submit(() -> {
                for (int q = 0; q < each; q++) {
                    db.query(counted);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(4, maxRunning.get(), "queries holding a slot at once");
        DatabaseStats stats = db.stats();
        assertEquals(4, stats.peakInFlight(), "peak in flight reaches the pool size and no more");
        assertEquals(callers * each, stats.queries());
        assertEquals(0, stats.inFlight());
        assertEquals(0, stats.waitingForPool());
        assertEquals(4, stats.poolSize());
        // 240 queries of at least 2 ms (latency + work), 4 at a time: at least 120 ms.
        assertTrue(elapsed.toMillis() >= callers * each * 2 / 4, "took only " + elapsed.toMillis() + " ms");
    }

    @Test
    void nonBlockingFaceNeverRunsMoreQueriesThanThePoolSizeAndNeverBlocksItsCaller() throws Exception {
        SimulatedDatabase db = db("5ms", 3);
        int queries = 60;
        List<CompletableFuture<Item>> futures = new ArrayList<>();
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Future<?> monitor = threads.submit(() -> {
            while (!done.get()) {
                maxSeen.accumulateAndGet(db.stats().inFlight(), Math::max);
                Thread.onSpinWait();
            }
        });
        long start = System.nanoTime();
        for (int i = 0; i < queries; i++) {
            futures.add(db.queryAsync(Queries.item(i + 1)));
        }
        long issued = System.nanoTime() - start;
        for (int i = 0; i < queries; i++) {
            assertEquals(i + 1, futures.get(i).get(10, TimeUnit.SECONDS).id());
        }
        long elapsed = System.nanoTime() - start;
        done.set(true);
        monitor.get();
        assertTrue(maxSeen.get() <= 3, "in flight seen: " + maxSeen.get());
        assertEquals(3, db.stats().peakInFlight());
        // 60 queries of 5 ms, 3 at a time: 100 ms at least; issuing them took a fraction of that.
        assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(100), "took only " + elapsed / 1_000_000 + " ms");
        assertTrue(issued < elapsed / 2, "issuing took " + issued / 1_000_000 + " ms of " + elapsed / 1_000_000);
        assertEquals(0, db.stats().inFlight());
    }

    @Test
    void bothFacesShareOnePool() throws Exception {
        SimulatedDatabase db = db("3ms", 2);
        List<Future<?>> blocking = new ArrayList<>();
        List<CompletableFuture<Item>> async = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            blocking.add(threads.submit(() -> db.query(Queries.item(1))));
            async.add(db.queryAsync(Queries.item(2)));
        }
        for (Future<?> f : blocking) {
            f.get();
        }
        for (CompletableFuture<Item> f : async) {
            f.get();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2, db.stats().peakInFlight());
        assertTrue(elapsedMs >= 20 * 3 / 2, "20 queries of 3 ms, 2 at a time, took " + elapsedMs + " ms");
    }

    @Test
    void unlimitedPoolRunsEverythingAtOnce() throws Exception {
        SimulatedDatabase db = db("100ms", 0);
        long start = System.nanoTime();
        List<Future<Item>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            futures.add(threads.submit(() -> db.query(Queries.item(1))));
        }
        for (Future<Item> f : futures) {
            f.get();
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(elapsedMs < 2_000, "200 concurrent 100 ms queries took " + elapsedMs + " ms");
        assertTrue(db.stats().peakInFlight() > 100, "peak " + db.stats().peakInFlight());
        assertEquals(0, db.stats().poolSize());
    }

    @Test
    void waitersAreServedInArrivalOrderWhicheverFaceTheyUse() throws Exception {
        SimulatedDatabase db = db("1ms", 1);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> holder = threads.submit(() -> db.query(holding(entered, release)));
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> waiters = new ArrayList<>();
        int count = 12;
        for (int i = 0; i < count; i++) {
            int n = i;
            Query<Integer> recording = new Query<>("record", data -> {
                order.add(n);
                return n;
            }, null);
            if (i % 2 == 0) {
                waiters.add(db.queryAsync(recording));
            } else {
                waiters.add(threads.submit(() -> db.query(recording)));
            }
            await(() -> db.stats().waitingForPool() == n + 1, (n + 1) + " waiters queued");
        }
        assertEquals(List.of(), order, "nobody gets a slot while it is held");
        release.countDown();
        assertEquals("held", holder.get());
        for (Future<?> w : waiters) {
            w.get(10, TimeUnit.SECONDS);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(i);
        }
        assertEquals(expected, order, "first come, first served");
        assertEquals(1, db.stats().peakInFlight());
    }

    @Test
    void poolTimeoutFailsBothFaces() throws Exception {
        SimulatedDatabase db = db("1ms", 1, Duration.ofMillis(50), Duration.ZERO, 0, 42, null);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> holder = threads.submit(() -> db.query(holding(entered, release)));
        assertTrue(entered.await(10, TimeUnit.SECONDS));

        long start = System.nanoTime();
        assertThrows(DatabaseException.PoolTimeout.class, () -> db.query(Queries.item(1)));
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 45, "gave up after " + waitedMs + " ms, before the 50 ms pool timeout");

        start = System.nanoTime();
        CompletableFuture<Item> async = db.queryAsync(Queries.item(1));
        assertInstanceOf(DatabaseException.PoolTimeout.class, failureOf(async));
        waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 45, "gave up after " + waitedMs + " ms");

        DatabaseStats stats = db.stats();
        assertEquals(2, stats.poolTimeouts());
        assertEquals(0, stats.waitingForPool(), "timed-out waiters leave the queue");
        assertEquals(1, stats.inFlight());

        release.countDown();
        holder.get();
        // No slot was lost or leaked by the waiters that gave up.
        assertEquals(1, db.query(Queries.item(1)).id());
        assertEquals(1, db.queryAsync(Queries.item(1)).get(10, TimeUnit.SECONDS).id());
        assertEquals(0, db.stats().inFlight());
        assertEquals(1, db.stats().peakInFlight());
    }

    @Test
    void queryTimeoutFailsBothFacesAfterTheTimeoutNotTheLatency() throws Exception {
        SimulatedDatabase db = db("1s", 0, LONG, Duration.ofMillis(20), 0, 42, null);
        long start = System.nanoTime();
        assertThrows(DatabaseException.QueryTimeout.class, () -> db.query(Queries.item(1)));
        long blockingMs = (System.nanoTime() - start) / 1_000_000;

        start = System.nanoTime();
        assertInstanceOf(DatabaseException.QueryTimeout.class, failureOf(db.queryAsync(Queries.item(1))));
        long asyncMs = (System.nanoTime() - start) / 1_000_000;

        for (long ms : new long[] {blockingMs, asyncMs}) {
            assertTrue(ms >= 19 && ms < 500, "a query timed out after " + ms + " ms (timeout 20 ms, latency 1 s)");
        }
        assertEquals(2, db.stats().queryTimeouts());
        assertEquals(0, db.stats().inFlight(), "a timed-out query frees its slot");

        SimulatedDatabase patient = db("2ms", 0, LONG, Duration.ofMillis(500), 0, 42, null);
        assertEquals(1, patient.query(Queries.item(1)).id(), "queries shorter than the timeout succeed");
        assertEquals(0, patient.stats().queryTimeouts());
    }

    // ---- fault injection -------------------------------------------------------------------

    @Test
    void errorRateIsHonouredByTheBlockingFace() throws Exception {
        SimulatedDatabase db = db("1ms", 0, LONG, Duration.ZERO, 0.2, 42, null);
        int queries = 5_000;
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            outcomes.add(threads.submit(() -> {
                try {
                    db.query(Queries.item(1));
                    return true;
                } catch (DatabaseException.Unavailable e) {
                    return false;
                }
            }));
        }
        int failed = 0;
        for (Future<Boolean> f : outcomes) {
            failed += f.get() ? 0 : 1;
        }
        assertWithinBinomial(failed, queries, 0.2);
        assertEquals(failed, db.stats().failed());
        assertEquals(queries, db.stats().queries());
    }

    @Test
    void errorRateIsHonouredByTheNonBlockingFace() throws Exception {
        SimulatedDatabase db = db("1ms", 0, LONG, Duration.ZERO, 0.2, 7, null);
        int queries = 5_000;
        List<CompletableFuture<Item>> futures = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            futures.add(db.queryAsync(Queries.item(1)));
        }
        int failed = 0;
        for (CompletableFuture<Item> f : futures) {
            try {
                f.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertInstanceOf(DatabaseException.Unavailable.class, e.getCause());
                failed++;
            }
        }
        assertWithinBinomial(failed, queries, 0.2);
        assertEquals(failed, db.stats().failed());
    }

    private static void assertWithinBinomial(int failed, int n, double p) {
        double sd = Math.sqrt(n * p * (1 - p));
        assertEquals(n * p, failed, 4 * sd, failed + " of " + n + " failed at rate " + p);
    }

    @Test
    void errorRatesZeroAndOne() throws Exception {
        SimulatedDatabase never = db("0ms", 0, LONG, Duration.ZERO, 0, 42, null);
        SimulatedDatabase always = db("0ms", 0, LONG, Duration.ZERO, 1, 42, null);
        for (int i = 0; i < 300; i++) {
            never.query(Queries.item(1));
            assertThrows(DatabaseException.Unavailable.class, () -> always.query(Queries.item(1)));
            assertInstanceOf(DatabaseException.Unavailable.class, failureOf(always.queryAsync(Queries.item(1))));
        }
        assertEquals(0, never.stats().failed());
        assertEquals(600, always.stats().failed());
        assertEquals(0, always.stats().inFlight(), "failed queries free their slot");
    }

    // ---- one implementation, two faces -----------------------------------------------------

    private static List<Query<?>> mixedQueries() {
        List<Query<?>> queries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            switch (i % 4) {
                case 0 -> queries.add(Queries.item(1 + (i * 37L) % DataSet.ITEMS));
                case 1 -> queries.add(Queries.items(DataSet.CATEGORIES.get(i % DataSet.CATEGORIES.size()), 1 + i % 7));
                case 2 -> queries.add(Queries.insertOrder(1 + i % 50, 1 + i, 1 + i % 3));
                default -> queries.add(Queries.recentOrders(1 + i % 50));
            }
        }
        return queries;
    }

    private static List<String> runBlocking(SimulatedDatabase db, List<Query<?>> queries) {
        List<String> outcomes = new ArrayList<>();
        for (Query<?> q : queries) {
            try {
                outcomes.add(String.valueOf(db.query(q)));
            } catch (DatabaseException e) {
                outcomes.add(e.getClass().getSimpleName());
            }
        }
        return outcomes;
    }

    private static List<String> runNonBlocking(SimulatedDatabase db, List<Query<?>> queries) throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (Query<?> q : queries) {
            try {
                outcomes.add(String.valueOf(db.queryAsync(q).get(10, TimeUnit.SECONDS)));
            } catch (ExecutionException e) {
                outcomes.add(e.getCause().getClass().getSimpleName());
            }
        }
        return outcomes;
    }

    @Test
    void bothFacesAgreeForTheSameSeedAndQueries() throws Exception {
        // Half the latencies exceed the 1 ms query timeout, and 30% of queries fail: outcomes
        // depend on every draw of the seeded sequence.
        String latency = "uniform:0ms..2ms";
        Duration timeout = Duration.ofMillis(1);
        List<Query<?>> queries = mixedQueries();
        List<String> blocking = runBlocking(db(latency, 2, LONG, timeout, 0.3, 99, null), queries);
        List<String> nonBlocking = runNonBlocking(db(latency, 2, LONG, timeout, 0.3, 99, null), queries);
        assertEquals(blocking, nonBlocking);
        assertTrue(blocking.contains("Unavailable") && blocking.contains("QueryTimeout")
                && blocking.stream().anyMatch(o -> o.startsWith("Item[") || o.startsWith("Created[")),
                "every kind of outcome occurs: " + blocking.subList(0, 20));

        List<String> otherSeed = runBlocking(db(latency, 2, LONG, timeout, 0.3, 100, null), queries);
        assertNotEquals(blocking, otherSeed, "the outcomes depend on the seed");
    }

    @Test
    void theNonBlockingFaceWaitsOnlyOnTheGivenScheduler() throws Exception {
        ManualScheduler timers = new ManualScheduler();
        SimulatedDatabase db = db("7ms", 0, LONG, Duration.ZERO, 0, 42, timers);
        CompletableFuture<Item> item = db.queryAsync(Queries.item(3));
        assertFalse(item.isDone(), "completes from the timer, not at once");
        assertEquals(List.of(7_000_000L), timers.delays(), "one timer of the drawn latency");
        assertEquals(1, db.stats().inFlight());
        timers.runNext();
        assertEquals(3, item.getNow(null).id());
        assertEquals(0, db.stats().inFlight());
    }

    @Test
    void nonBlockingPoolTimeoutAndHandOverGoThroughTheScheduler() {
        ManualScheduler timers = new ManualScheduler();
        SimulatedDatabase db = db("7ms", 1, Duration.ofMillis(30), Duration.ZERO, 0, 42, timers);
        CompletableFuture<Item> first = db.queryAsync(Queries.item(1));
        CompletableFuture<Item> second = db.queryAsync(Queries.item(2));
        CompletableFuture<Item> third = db.queryAsync(Queries.item(3));
        assertEquals(List.of(7_000_000L, 30_000_000L, 30_000_000L), timers.delays(),
                "the first query's latency, then a pool timeout for each waiter");
        assertEquals(2, db.stats().waitingForPool());

        timers.run(1); // the second query's pool timeout fires
        assertInstanceOf(DatabaseException.PoolTimeout.class, second.handle((v, e) -> e).getNow(null));
        assertEquals(1, db.stats().waitingForPool());

        timers.run(0); // the first query completes and hands its slot to the third
        assertEquals(1, first.getNow(null).id());
        assertTrue(timers.cancelled(2), "the third query's pool timeout is cancelled once it has a slot");
        assertEquals(0, db.stats().waitingForPool());
        assertEquals(1, db.stats().inFlight());
        timers.run(3); // the third query's latency
        assertEquals(3, third.getNow(null).id());
        assertEquals(0, db.stats().inFlight());
        assertEquals(1, db.stats().poolTimeouts());
    }

    @Test
    void theDatabaseDrawsLatenciesFromItsModel() {
        // The non-blocking face schedules one timer per query, of exactly the drawn latency.
        ManualScheduler logNormalTimers = new ManualScheduler();
        SimulatedDatabase logNormal = db("lognormal:mean=50ms,p99=400ms", 0, LONG, Duration.ZERO, 0, 42,
                logNormalTimers);
        ManualScheduler uniformTimers = new ManualScheduler();
        SimulatedDatabase uniform = db("uniform:20ms..80ms", 0, LONG, Duration.ZERO, 0, 42, uniformTimers);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            logNormal.queryAsync(Queries.item(1));
            uniform.queryAsync(Queries.item(1));
        }
        long[] ln = logNormalTimers.delays().stream().mapToLong(Long::longValue).sorted().toArray();
        long[] un = uniformTimers.delays().stream().mapToLong(Long::longValue).sorted().toArray();
        assertEquals(n, ln.length);
        assertEquals(50e6, java.util.Arrays.stream(ln).average().orElseThrow(), 5e6, "log-normal mean");
        assertEquals(400e6, ln[(int) (0.99 * n) - 1], 40e6, "log-normal p99");
        assertTrue(un[0] >= 20_000_000 && un[n - 1] <= 80_000_000, un[0] + ".." + un[n - 1]);
        assertEquals(50e6, java.util.Arrays.stream(un).average().orElseThrow(), 1e6, "uniform mean");
        assertEquals(35e6, un[n / 4], 1.5e6, "uniform first quartile");
    }

    /** Timers run by hand, in any order, to make the non-blocking face deterministic. */
    private static final class ManualScheduler implements DelayScheduler {
        private final List<Long> delays = new ArrayList<>();
        private final List<Runnable> tasks = new ArrayList<>();
        private final List<Boolean> cancelled = new ArrayList<>();

        @Override
        public synchronized Cancellable schedule(long delayNanos, Runnable task) {
            int index = tasks.size();
            delays.add(delayNanos);
            tasks.add(task);
            cancelled.add(false);
            return () -> {
                synchronized (this) {
                    cancelled.set(index, true);
                }
            };
        }

        synchronized List<Long> delays() {
            return List.copyOf(delays);
        }

        synchronized boolean cancelled(int index) {
            return cancelled.get(index);
        }

        void run(int index) {
            Runnable task;
            synchronized (this) {
                assertFalse(cancelled.get(index), "timer " + index + " was cancelled");
                task = tasks.get(index);
                tasks.set(index, null);
            }
            task.run();
        }

        void runNext() {
            int index;
            synchronized (this) {
                index = tasks.size() - 1;
            }
            run(index);
        }
    }

    // ---- data ------------------------------------------------------------------------------

    @Test
    void writesAreRealOnBothFaces() throws Exception {
        SimulatedDatabase db = db("0ms", 0);
        Queries.OrderResult result = db.query(Queries.insertOrder(5, 10, 2));
        Order order = assertInstanceOf(Queries.OrderResult.Created.class, result).order();
        assertEquals(DataSet.ORDERS + 1, order.id());
        assertEquals(db.data().item(10).priceCents() * 2, order.totalCents());
        assertEquals(order, db.query(Queries.order(order.id())));
        assertEquals(order, db.queryAsync(Queries.order(order.id())).get(10, TimeUnit.SECONDS));
        assertEquals(order, db.query(Queries.recentOrders(5)).getFirst());

        Queries.OrderResult viaAsync = db.queryAsync(Queries.insertOrder(6, 11, 1)).get(10, TimeUnit.SECONDS);
        Order second = assertInstanceOf(Queries.OrderResult.Created.class, viaAsync).order();
        assertEquals(DataSet.ORDERS + 2, second.id());
        assertEquals(second, db.query(Queries.order(second.id())));

        assertEquals(new Queries.OrderResult.Rejected("customerId", "no customer with id 2001"),
                db.query(Queries.insertOrder(DataSet.CUSTOMERS + 1, 10, 1)));
        assertEquals(new Queries.OrderResult.Rejected("itemId", "no item with id 5001"),
                db.query(Queries.insertOrder(5, DataSet.ITEMS + 1, 1)));
        assertEquals(DataSet.ORDERS + 2, db.data().orderCount(), "rejected orders are not stored");
    }

    @Test
    void recommendationsFollowTheFavouriteCategory() {
        SimulatedDatabase db = db("0ms", 0);
        Customer customer = db.query(Queries.customer(9));
        List<Item> recommended = db.query(Queries.recommendations(9));
        assertEquals(Queries.RECOMMENDATIONS, recommended.size());
        assertTrue(recommended.stream().allMatch(i -> i.category().equals(customer.favouriteCategory())));
        assertEquals(List.of(), db.query(Queries.recommendations(DataSet.CUSTOMERS + 1)));
        assertEquals(null, db.query(Queries.customer(DataSet.CUSTOMERS + 1)));
    }

    @Test
    void theBlockingFaceTakesTheLatency() {
        SimulatedDatabase db = db("30ms", 0);
        long start = System.nanoTime();
        db.query(Queries.item(1));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 30, "a 30 ms query returned after " + ms + " ms");
    }
}
