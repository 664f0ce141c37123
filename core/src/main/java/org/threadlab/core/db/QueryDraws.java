package org.threadlab.core.db;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The latency and the fate of each query, drawn from one seeded sequence, so that the simulated
 * database and PostgreSQL, fed the same queries in the same order, wait as long and fail the
 * same ones. Also holds the error rate and the latency that {@code --db-error-rate} and
 * {@code --db-latency} start with and PUT /admin/faults changes, and the first-fault sink of
 * {@code --trace-first-fault}.
 */
public final class QueryDraws {
    private volatile LatencyModel latency;
    private final long seed;
    private final boolean errorRateAdjustable;
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean faultTraced = new AtomicBoolean();
    private volatile double errorRate;
    private volatile Consumer<StackTraceElement[]> firstFaultSink;

    public QueryDraws(LatencyModel latency, double errorRate, long seed, boolean errorRateAdjustable) {
        checkErrorRate(errorRate);
        this.latency = latency;
        this.errorRate = errorRate;
        this.seed = seed;
        this.errorRateAdjustable = errorRateAdjustable;
    }

    /** The next query's latency and whether it fails. */
    public Draw next() {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + sequence.getAndIncrement());
        long nanos = latency.sampleNanos(random);
        double rate = errorRate;
        return new Draw(nanos, rate > 0 && random.nextDouble() < rate);
    }

    /** Call when a drawn fault fails a query: the first one's stack goes to the sink, once. */
    public void faulted() {
        Consumer<StackTraceElement[]> sink = firstFaultSink;
        if (sink != null && faultTraced.compareAndSet(false, true)) {
            sink.accept(new Throwable().getStackTrace());
        }
    }

    public void onFirstFault(Consumer<StackTraceElement[]> sink) {
        this.firstFaultSink = sink;
    }

    public double errorRate() {
        return errorRate;
    }

    public boolean errorRateAdjustable() {
        return errorRateAdjustable;
    }

    public void setErrorRate(double errorRate) {
        checkErrorRate(errorRate);
        this.errorRate = errorRate;
    }

    public LatencyModel latency() {
        return latency;
    }

    /** Sets the latency of the queries drawn from now on (the lab's c10k scenario: a long one, then back). */
    public void setLatency(LatencyModel latency) {
        this.latency = java.util.Objects.requireNonNull(latency);
    }

    private static void checkErrorRate(double errorRate) {
        if (!(errorRate >= 0 && errorRate <= 1)) {
            throw new IllegalArgumentException("the error rate must be within 0..1, got " + errorRate);
        }
    }

    /** One query's latency (nanoseconds) and fate. */
    public record Draw(long latencyNanos, boolean fails) {
    }
}
