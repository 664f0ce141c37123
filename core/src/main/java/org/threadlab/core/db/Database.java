package org.threadlab.core.db;

import java.util.concurrent.CompletableFuture;

/**
 * The database behind the API: the simulated one ({@code --db simulated}) or PostgreSQL
 * ({@code --db postgres}). Two faces over one pool: {@link #query} holds the calling thread until
 * the answer is there (thread-per-request models), {@link #queryAsync} returns at once (the event
 * loop). Both fail with a {@link DatabaseException} that the API maps to one status each.
 */
public interface Database extends AutoCloseable {
    /** The blocking face: returns the query's result, holding the calling thread meanwhile. */
    <T> T query(Query<T> query);

    /** The non-blocking face: the future completes when the query has run. */
    <T> CompletableFuture<T> queryAsync(Query<T> query);

    /** The counters /stats reports, the same members for every kind of database. */
    DatabaseStats stats();

    /** The fraction of queries, 0..1, that fail now ({@code --db-error-rate}, or set through the API). */
    double errorRate();

    /** Whether {@link #setErrorRate} may be called from the API ({@code --admin-faults}, for the lab only). */
    boolean errorRateAdjustable();

    /** Sets the fraction of queries, 0..1, that fail from the next query on. */
    void setErrorRate(double errorRate);

    /** The latency model the next query draws from ({@code --db-latency}, or set through the API). */
    LatencyModel latency();

    /** Sets the latency model of the queries from the next one on; adjustable as the error rate is. */
    void setLatency(LatencyModel latency);

    /**
     * Hands the stack of the first query that fails, as the thread that runs it sees it, to
     * {@code sink} ({@code --trace-first-fault}).
     */
    void onFirstFault(java.util.function.Consumer<StackTraceElement[]> sink);

    @Override
    void close();
}
