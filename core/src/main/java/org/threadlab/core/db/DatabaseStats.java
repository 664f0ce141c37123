package org.threadlab.core.db;

/** A snapshot of the database's counters, as /stats reports them. */
public record DatabaseStats(long queries, long failed, long poolTimeouts, long queryTimeouts,
                            int inFlight, int peakInFlight, int waitingForPool, int poolSize) {
}
