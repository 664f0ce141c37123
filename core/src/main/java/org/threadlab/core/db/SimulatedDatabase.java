package org.threadlab.core.db;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.threadlab.core.options.ServerOptions;

/**
 * A slow database simulated in memory. One implementation, two faces:
 * <ul>
 *   <li>{@link #query} blocks the calling thread for the drawn latency (a virtual thread
 *       unmounts while it sleeps, a platform thread is held);</li>
 *   <li>{@link #queryAsync} returns at once and completes the future from a timer.</li>
 * </ul>
 * Both draw latency and failure from the same seeded sequence, wait in the same pool queue
 * and count into the same statistics.
 */
public final class SimulatedDatabase implements Database {
    private final DataSet data;
    private final QueryDraws draws;
    private final long queryTimeoutNanos;
    private final QueryPool pool;
    private final DelayScheduler scheduler;
    private final ScheduledThreadPoolExecutor ownTimer;

    private final LongAdder queries = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder queryTimeouts = new LongAdder();

    /**
     * @param scheduler timers for the non-blocking face and its pool timeouts; null to use a
     *                  single daemon timer thread of the database's own
     */
    public SimulatedDatabase(LatencyModel latency, int poolSize, Duration poolTimeout, Duration queryTimeout,
                             double errorRate, long seed, DelayScheduler scheduler) {
        this(latency, poolSize, poolTimeout, queryTimeout, errorRate, seed, scheduler, false);
    }

    /**
     * @param errorRateAdjustable whether the API may change the error rate at run time
     *                            ({@code --admin-faults}, for the lab only)
     */
    public SimulatedDatabase(LatencyModel latency, int poolSize, Duration poolTimeout, Duration queryTimeout,
                             double errorRate, long seed, DelayScheduler scheduler, boolean errorRateAdjustable) {
        this.draws = new QueryDraws(latency, errorRate, seed, errorRateAdjustable);
        this.data = DataSet.generate(seed);
        this.queryTimeoutNanos = queryTimeout.toNanos();
        this.pool = new QueryPool(poolSize, poolTimeout);
        if (scheduler == null) {
            ownTimer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "db-timer");
                t.setDaemon(true);
                return t;
            });
            ownTimer.setRemoveOnCancelPolicy(true);
            this.scheduler = (delayNanos, task) -> {
                var future = ownTimer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            };
        } else {
            ownTimer = null;
            this.scheduler = scheduler;
        }
    }

    /** The simulated database the options describe; {@link Databases#open} applies --trace-first-fault. */
    public static SimulatedDatabase create(ServerOptions o, DelayScheduler scheduler) {
        return new SimulatedDatabase(o.dbLatency(), o.dbPoolSize(), o.dbPoolTimeout(), o.dbQueryTimeout(),
                o.dbErrorRate(), o.dbSeed(), scheduler, o.adminFaults());
    }

    public static SimulatedDatabase create(ServerOptions o) {
        return create(o, null);
    }

    /**
     * On the blocking face the stack is the request's own thread, on the non-blocking face the
     * timer that completes the future.
     */
    @Override
    public void onFirstFault(java.util.function.Consumer<StackTraceElement[]> sink) {
        draws.onFirstFault(sink);
    }

    /** The blocking face: returns after the query's latency, holding the calling thread. */
    @Override
    public <T> T query(Query<T> query) {
        pool.enter();
        T result;
        try {
            Draw draw = draw();
            try {
                if (draw.waitNanos() > 0) {
                    // Skipped at 0 so that --db-latency 0ms measures the API, not a yield.
                    Thread.sleep(Duration.ofNanos(draw.waitNanos()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while querying", e);
            }
            result = complete(query, draw);
        } finally {
            pool.release();
        }
        return result;
    }

    /** The non-blocking face: returns at once; the future completes from a timer. */
    @Override
    public <T> CompletableFuture<T> queryAsync(Query<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> slot = pool.enterAsync(scheduler);
        if (slot.isDone() && !slot.isCompletedExceptionally()) {
            start(query, result);
        } else {
            slot.whenComplete((ok, error) -> {
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    start(query, result);
                }
            });
        }
        return result;
    }

    private <T> void start(Query<T> query, CompletableFuture<T> result) {
        Draw draw = draw();
        scheduler.schedule(draw.waitNanos(), () -> {
            T value;
            try {
                value = complete(query, draw);
            } catch (RuntimeException e) {
                pool.release();
                result.completeExceptionally(e);
                return;
            }
            pool.release();
            result.complete(value);
        });
    }

    /** Latency and fate of the next query, from the seeded sequence both faces share. */
    private Draw draw() {
        QueryDraws.Draw d = draws.next();
        long nanos = d.latencyNanos();
        boolean timesOut = queryTimeoutNanos > 0 && nanos > queryTimeoutNanos;
        return new Draw(timesOut ? queryTimeoutNanos : nanos, d.fails(), timesOut);
    }

    private <T> T complete(Query<T> query, Draw draw) {
        queries.increment();
        if (draw.timesOut()) {
            queryTimeouts.increment();
            throw new DatabaseException.QueryTimeout();
        }
        if (draw.fails()) {
            failed.increment();
            draws.faulted();
            throw new DatabaseException.Unavailable();
        }
        return query.run(data);
    }

    @Override
    public DatabaseStats stats() {
        int inUse = pool.inUse();
        return new DatabaseStats(DatabaseStats.SIMULATED, queries.sum(), failed.sum(), pool.timeouts(),
                queryTimeouts.sum(), inUse, pool.peakInUse(), pool.waiting(), pool.waits(), pool.size(),
                pool.size() == 0 ? 0 : Math.max(0, pool.size() - inUse));
    }

    @Override
    public double errorRate() {
        return draws.errorRate();
    }

    @Override
    public boolean errorRateAdjustable() {
        return draws.errorRateAdjustable();
    }

    /** Sets the fraction of queries, 0..1, that fail from the next query on; --db-error-rate is the initial value. */
    @Override
    public void setErrorRate(double errorRate) {
        draws.setErrorRate(errorRate);
    }

    @Override
    public void setLatency(LatencyModel latency) {
        draws.setLatency(latency);
    }

    @Override
    public LatencyModel latency() {
        return draws.latency();
    }

    /** The data set, for tests that check what was stored. */
    public DataSet data() {
        return data;
    }

    @Override
    public void close() {
        if (ownTimer != null) {
            ownTimer.shutdownNow();
        }
    }

    private record Draw(long waitNanos, boolean fails, boolean timesOut) {
    }
}
