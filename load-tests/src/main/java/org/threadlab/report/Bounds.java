package org.threadlab.report;

import java.util.stream.Stream;

/**
 * The ceilings a level's throughput is measured against, as the lab wrote them: Little's law
 * (clients / database latency, closed model only), the blocking server's worker pool
 * (workers / latency) and the database pool. An open-model level is capped by its offered rate.
 */
final class Bounds {
    private Bounds() {
    }

    /** The lowest ceiling of the level, or null when the data names none. */
    static Double tightest(LevelPoint p) {
        return tightest(p.closed(), p.level(), p.littleBoundRps(), p.workersBoundRps(), p.dbPoolBoundRps());
    }

    /** The lowest of the ceilings (an open level's offered rate among them), or null when none is known. */
    static Double tightest(boolean closed, double level, Double little, Double workers, Double dbPool) {
        return Stream.of(little, workers, dbPool, closed ? null : level)
                .filter(v -> v != null && v > 0).min(Double::compare).orElse(null);
    }

    /** Throughput as a share of the tightest ceiling (1.0 = at the ceiling), or null. */
    static Double fraction(LevelPoint p) {
        return fraction(p.closed(), p.level(), p.throughputRps(), p.littleBoundRps(), p.workersBoundRps(),
                p.dbPoolBoundRps());
    }

    /** The one rule of fractionOfBound: of a level row (levels.json) and of a point of the report alike. */
    static Double fraction(boolean closed, double level, Double throughput, Double little, Double workers, Double dbPool) {
        Double bound = tightest(closed, level, little, workers, dbPool);
        return bound == null || throughput == null ? null : throughput / bound;
    }

    /** Which ceiling is the tightest, in words: "200-worker bound", "Little's-law bound", ... */
    static String tightestName(LevelPoint p, Integer workers) {
        Double bound = tightest(p);
        if (bound == null) {
            return "bound";
        }
        if (bound.equals(p.workersBoundRps())) {
            return workers == null ? "worker-pool bound" : Numbers.count(workers) + "-worker bound";
        }
        if (bound.equals(p.littleBoundRps())) {
            return "Little's-law bound";
        }
        if (bound.equals(p.dbPoolBoundRps())) {
            return "database-pool bound";
        }
        return "offered rate";
    }

    /** The critical-path latency in seconds the lab divided by (closed model), or null. */
    static Double latencySeconds(LevelPoint p) {
        return p.closed() && p.littleBoundRps() != null && p.littleBoundRps() > 0
                ? p.level() / p.littleBoundRps() : null;
    }

    /**
     * The blocking server's worker count: the run's setting when known, else recovered from the
     * data (workers bound x latency).
     */
    static Integer workers(LevelPoint p, String workersSetting) {
        if (workersSetting != null) {
            try {
                return Integer.valueOf(workersSetting.trim());
            } catch (NumberFormatException e) {
                // fall through to the data
            }
        }
        Double latency = latencySeconds(p);
        if (p.workersBoundRps() == null || latency == null) {
            return null;
        }
        return (int) Math.round(p.workersBoundRps() * latency);
    }
}
