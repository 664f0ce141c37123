package org.threadlab.report;

import java.util.List;
import org.threadlab.load.StallSimulation;

/**
 * The stall scenario of one server: the reads' p99 without ({@code base}) and beside
 * ({@code stall}) the CPU-heavy requests, and the heavy requests' own p99.
 */
record Stall(String server, Double baseP99Ms, Double stallP99Ms, Double heavyRps, Double heavyP99Ms) {

    /** The stall figures of one server's points of the stall scenario, or null when it has no base and stall. */
    static Stall of(String server, List<LevelPoint> points) {
        LevelPoint base = step(points, StallSimulation.BASE);
        LevelPoint stall = step(points, StallSimulation.STALL);
        if (base == null || stall == null) {
            return null;
        }
        LevelPoint heavy = step(points, StallSimulation.HEAVY);
        return new Stall(server, base.p99Ms(), stall.p99Ms(), heavy == null ? null : heavy.level(),
                heavy == null ? null : heavy.p99Ms());
    }

    private static LevelPoint step(List<LevelPoint> points, String step) {
        return points.stream().filter(p -> p.step().equals(step)).findFirst().orElse(null);
    }

    /** How many times the reads' p99 grew beside the heavy requests, or null. */
    Double ratio() {
        return baseP99Ms == null || stallP99Ms == null || baseP99Ms <= 0 ? null : stallP99Ms / baseP99Ms;
    }

    /** e.g. "reactive: the reads' p99 52 ms → 75 ms (×1.44) beside 10 CPU-heavy req/s (their own p99 31 ms)". */
    String sentence() {
        Double r = ratio();
        return server + ": the reads' p99 " + Numbers.ms(baseP99Ms) + " → " + Numbers.ms(stallP99Ms)
                + (r == null ? "" : " (×" + String.format(java.util.Locale.ROOT, "%.2f", r) + ")")
                + (heavyRps == null ? "" : " beside " + Numbers.number(heavyRps) + " CPU-heavy req/s (their own p99 "
                + Numbers.ms(heavyP99Ms) + ")");
    }
}
