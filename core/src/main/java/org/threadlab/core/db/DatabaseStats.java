package org.threadlab.core.db;

/**
 * A snapshot of the database's counters, as /stats reports them, with the same members for the
 * simulated database and PostgreSQL.
 *
 * @param kind           {@value #SIMULATED} or {@value #POSTGRES}
 * @param inFlight       queries holding a connection (a pool slot) now
 * @param waitingForPool queries waiting for a connection now
 * @param poolWaits      queries so far that had to wait for a connection
 * @param poolSize       connections (slots); 0 = unlimited (simulated only)
 * @param idle           connections open and unused now (simulated: free slots)
 */
public record DatabaseStats(String kind, long queries, long failed, long poolTimeouts, long queryTimeouts,
                            int inFlight, int peakInFlight, int waitingForPool, long poolWaits, int poolSize,
                            int idle) {
    public static final String SIMULATED = "simulated";
    public static final String POSTGRES = "postgres";
}
