package org.threadlab.report;

import java.util.List;

/**
 * Where one server breaks in one scenario: the first counted level that misses the SLO, or whose
 * throughput falls below {@value #FOLLOWS} of its tightest bound while one of the server's own
 * resources (its CPU, its workers, its database pool) is the named limit: the server no longer
 * keeps up with the load, and the limit says why. Falling short with no resource saturated is
 * not a break (runs from before limitedBy, which name no limit, count the shortfall alone).
 *
 * @param at the level where it broke
 * @param because {@code "slo"} or {@code "bound"}
 * @param before the counted level below it, or null
 */
record BreakPoint(LevelPoint at, String because, LevelPoint before) {
    /** Share of its tightest bound below which throughput no longer follows the load. */
    static final double FOLLOWS = 0.90;
    private static final java.util.Set<String> SERVER_LIMITS = java.util.Set.of("server-cpu", "workers", "database");

    /** Points of one server and scenario in load order; null when no counted level broke. */
    static BreakPoint find(List<LevelPoint> points, SloOptions slo) {
        LevelPoint before = null;
        for (LevelPoint p : points) {
            if (p.generatorLimited()) {
                continue;
            }
            if (!slo.met(p)) {
                return new BreakPoint(p, "slo", before);
            }
            Double f = Bounds.fraction(p);
            if (LevelRow.MEASURE.equals(p.step()) && f != null && f < FOLLOWS
                    && (p.limitedBy() == null || SERVER_LIMITS.contains(p.limitedBy()))) {
                return new BreakPoint(p, "bound", before);
            }
            before = p;
        }
        return null;
    }

    String limitedBy() {
        return at.limitedBy();
    }

    /** "virtual breaks at 800 clients: its 0.5-core CPU budget is saturated; p99 61 ms → 213 ms". */
    String sentence(String server, String workers) {
        StringBuilder s = new StringBuilder(server).append(" breaks at ").append(at.label()).append(": ")
                .append(limitWords(at));
        if (before != null && before.p99Ms() != null && at.p99Ms() != null) {
            s.append("; p99 ").append(Numbers.ms(before.p99Ms())).append(" \u2192 ").append(Numbers.ms(at.p99Ms()));
        }
        Double f = Bounds.fraction(at);
        if (because.equals("bound") && f != null) {
            s.append(", throughput ").append(Numbers.pct(100 * f)).append(" of its ")
                    .append(Bounds.tightestName(at, Bounds.workers(at, workers)));
        }
        return s.toString();
    }

    /** The limit of a level in words, with the figures that decided it. */
    static String limitWords(LevelPoint p) {
        String id = p.limitedBy();
        String words;
        if (id == null) {
            return "the limit was not recorded (a run from before limitedBy)";
        }
        switch (id) {
            case "server-cpu" -> words = p.serverCpuLimit() != null
                    ? "its " + Numbers.number(p.serverCpuLimit()) + "-core CPU budget is saturated"
                    : "its CPUs are saturated";
            case "workers" -> words = "every worker thread is busy";
            case "database" -> words = "the database connection pool is exhausted";
            case "generator" -> words = "the load generator, not the server, was the limit";
            case "machine" -> words = "other processes took CPU the server or Gatling needed";
            case "none" -> words = "no resource the lab watches was saturated";
            default -> words = "limited by " + id;
        }
        return p.limitedByReason() == null ? words : words + " (" + p.limitedByReason() + ")";
    }
}
