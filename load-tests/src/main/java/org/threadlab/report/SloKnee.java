package org.threadlab.report;

import java.util.List;

/**
 * The highest load level of one server and scenario that meets the SLO. Generator-limited levels
 * do not count either way: what they measured is the load generator, not the server.
 *
 * @param point the highest level meeting the SLO, or null when none does
 * @param firstMissed the lowest counted level missing the SLO, or null
 * @param top the highest counted level (met or not), or null when every level was generator-limited
 * @param excluded how many levels were left out as generator-limited
 */
record SloKnee(LevelPoint point, LevelPoint firstMissed, LevelPoint top, int excluded) {

    /** Points of one server and scenario, in load order (spike phases in time order). */
    static SloKnee find(List<LevelPoint> points, SloOptions slo) {
        LevelPoint best = null;
        LevelPoint missed = null;
        LevelPoint top = null;
        int excluded = 0;
        for (LevelPoint p : points) {
            if (p.generatorLimited()) {
                excluded++;
                continue;
            }
            top = p;
            if (slo.met(p) && (best == null || p.level() > best.level())) {
                best = p; // spike phases are in time order: the highest level, not the last phase
            } else if (missed == null) {
                missed = p;
            }
        }
        return new SloKnee(best, missed, top, excluded);
    }

    /** "800 clients", or "none" with the reason. */
    String label() {
        if (point != null) {
            return point.label();
        }
        if (top == null) {
            return "unknown (all levels generator-limited)";
        }
        return "none (misses at " + (firstMissed == null ? top : firstMissed).label() + ")";
    }
}
