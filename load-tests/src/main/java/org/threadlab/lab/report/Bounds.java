package org.threadlab.lab.report;

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
        return Stream.of(p.littleBoundRps(), p.workersBoundRps(), p.dbPoolBoundRps(), p.closed() ? null : p.level())
                .filter(v -> v != null && v > 0).min(Double::compare).orElse(null);
    }

    /** Throughput as a share of the tightest ceiling (1.0 = at the ceiling), or null. */
    static Double fraction(LevelPoint p) {
        Double bound = tightest(p);
        return bound == null || p.throughputRps() == null ? null : p.throughputRps() / bound;
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
