package org.threadlab.core.db;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
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
public final class SimulatedDatabase implements AutoCloseable {
    private final DataSet data;
    private final LatencyModel latency;
    // Changed at run time by PUT /admin/faults (--admin-faults); every draw reads the current value.
    private volatile double errorRate;
    private final boolean errorRateAdjustable;
    private final long seed;
    private final long poolTimeoutNanos;
    private final long queryTimeoutNanos;
    private final QueryPool pool;
    private final DelayScheduler scheduler;
    private final ScheduledThreadPoolExecutor ownTimer;

    private final AtomicLong sequence = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean faultTraced = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile java.util.function.Consumer<StackTraceElement[]> firstFaultSink;
    private final LongAdder queries = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder poolTimeouts = new LongAdder();
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
        checkErrorRate(errorRate);
        this.errorRateAdjustable = errorRateAdjustable;
        this.data = DataSet.generate(seed);
        this.latency = latency;
        this.errorRate = errorRate;
        this.seed = seed;
        this.poolTimeoutNanos = poolTimeout.toNanos();
        this.queryTimeoutNanos = queryTimeout.toNanos();
        this.pool = new QueryPool(poolSize);
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

    public static SimulatedDatabase create(ServerOptions o, DelayScheduler scheduler) {
        SimulatedDatabase db = new SimulatedDatabase(o.dbLatency(), o.dbPoolSize(), o.dbPoolTimeout(), o.dbQueryTimeout(),
                o.dbErrorRate(), o.dbSeed(), scheduler, o.adminFaults());
        if (o.traceFirstFault()) {
            db.onFirstFault(FaultTrace::print);
        }
        return db;
    }

    /**
     * Hands the stack of the first failed query, as the thread that ran it sees it, to {@code sink}
     * ({@code --trace-first-fault}): on the blocking face the request's own thread, on the
     * non-blocking face the timer that completes the future.
     */
    public void onFirstFault(java.util.function.Consumer<StackTraceElement[]> sink) {
        this.firstFaultSink = sink;
    }

    public static SimulatedDatabase create(ServerOptions o) {
        return create(o, null);
    }

    /** The blocking face: returns after the query's latency, holding the calling thread. */
    public <T> T query(Query<T> query) {
        CompletableFuture<Void> slot = pool.acquire();
        if (!slot.isDone()) {
            awaitSlot(slot);
        }
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

    private void awaitSlot(CompletableFuture<Void> slot) {
        try {
            slot.get(poolTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            DatabaseException timeout = new DatabaseException.PoolTimeout();
            if (pool.abandon(slot, timeout)) {
                poolTimeouts.increment();
                throw timeout;
            }
        } catch (InterruptedException e) {
            if (!pool.abandon(slot, new DatabaseException.PoolTimeout())) {
                pool.release();
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the pool", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The non-blocking face: returns at once; the future completes from a timer. */
    public <T> CompletableFuture<T> queryAsync(Query<T> query) {
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<Void> slot = pool.acquire();
        if (slot.isDone()) {
            start(query, result);
        } else {
            DelayScheduler.Cancellable timeout = scheduler.schedule(poolTimeoutNanos, () -> {
                DatabaseException reason = new DatabaseException.PoolTimeout();
                if (pool.abandon(slot, reason)) {
                    poolTimeouts.increment();
                    result.completeExceptionally(reason);
                }
            });
            slot.thenRun(() -> {
                timeout.cancel();
                start(query, result);
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
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + sequence.getAndIncrement());
        long nanos = latency.sampleNanos(random);
        double rate = errorRate;
        boolean fails = rate > 0 && random.nextDouble() < rate;
        boolean timesOut = queryTimeoutNanos > 0 && nanos > queryTimeoutNanos;
        return new Draw(timesOut ? queryTimeoutNanos : nanos, fails, timesOut);
    }

    private <T> T complete(Query<T> query, Draw draw) {
        queries.increment();
        if (draw.timesOut()) {
            queryTimeouts.increment();
            throw new DatabaseException.QueryTimeout();
        }
        if (draw.fails()) {
            failed.increment();
            var sink = firstFaultSink;
            if (sink != null && faultTraced.compareAndSet(false, true)) {
                sink.accept(new Throwable().getStackTrace());
            }
            throw new DatabaseException.Unavailable();
        }
        return query.run(data);
    }

    public DatabaseStats stats() {
        return new DatabaseStats(queries.sum(), failed.sum(), poolTimeouts.sum(), queryTimeouts.sum(),
                pool.inUse(), pool.peakInUse(), pool.waiting(), pool.size());
    }

    /** The fraction of queries, 0..1, that fail now. */
    public double errorRate() {
        return errorRate;
    }

    /** Whether {@link #setErrorRate} may be called from the API ({@code --admin-faults}). */
    public boolean errorRateAdjustable() {
        return errorRateAdjustable;
    }

    /** Sets the fraction of queries, 0..1, that fail from the next query on; --db-error-rate is the initial value. */
    public void setErrorRate(double errorRate) {
        checkErrorRate(errorRate);
        this.errorRate = errorRate;
    }

    private static void checkErrorRate(double errorRate) {
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("the error rate must be within 0..1, got " + errorRate);
        }
    }

    public LatencyModel latency() {
        return latency;
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
