package org.threadlab.report;

import java.util.List;
import java.util.Locale;

/**
 * Where one server stopped meeting the SLO in one scenario, and how: by queueing (p99 grew past
 * the objective while errors stayed low), by errors (failed requests, by cause) or by timeouts.
 *
 * @param lastGood the highest counted level before the break that met the SLO, or null
 * @param at the first counted level that missed the SLO, or null when none did
 * @param then a later level that failed in another way (e.g. timeouts after queueing), or null
 */
record Breakdown(Kind kind, LevelPoint lastGood, LevelPoint at, LevelPoint then, Kind thenKind, String how) {

    enum Kind {
        /** Met the SLO at every counted level. */
        HELD,
        QUEUEING,
        ERRORS,
        TIMEOUTS,
        /** Nothing counted: every level generator-limited or without data. */
        UNKNOWN;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Breakdown find(List<LevelPoint> points, SloOptions slo) {
        List<LevelPoint> counted = points.stream().filter(p -> !p.generatorLimited()).toList();
        if (counted.isEmpty()) {
            return new Breakdown(Kind.UNKNOWN, null, null, null, null,
                    points.isEmpty() ? "not measured" : "unknown: every level was generator-limited");
        }
        LevelPoint lastGood = null;
        LevelPoint at = null;
        for (LevelPoint p : counted) {
            if (slo.met(p)) {
                lastGood = p;
            } else {
                at = p;
                break;
            }
        }
        if (at == null) {
            String how = "held up to " + lastGood.label();
            long limited = points.stream().filter(LevelPoint::generatorLimited).count();
            if (limited > 0) {
                how += " (" + limited + (limited == 1 ? " level" : " levels") + " above: generator-limited)";
            }
            return new Breakdown(Kind.HELD, lastGood, null, null, null, how);
        }
        Kind kind = kindOf(at, slo);
        LevelPoint then = null;
        Kind thenKind = null;
        for (LevelPoint p : counted.subList(counted.indexOf(at) + 1, counted.size())) {
            Kind k = slo.met(p) ? null : kindOf(p, slo);
            if (k != null && k != kind) {
                then = p;
                thenKind = k;
                break;
            }
        }
        String how = kind.word() + " at " + at.label() + ": " + detail(kind, lastGood, at);
        if (then != null) {
            how += "; then " + thenKind.word() + " at " + then.label() + ": " + detail(thenKind, null, then);
        }
        return new Breakdown(kind, lastGood, at, then, thenKind, how);
    }

    static Kind kindOf(LevelPoint p, SloOptions slo) {
        if (p.errorPct() > slo.errorsPct()) {
            long timeouts = Causes.grouped(p.koByCause()).getOrDefault(Causes.TIMEOUTS, 0L);
            return timeouts * 2 >= p.ko() && p.ko() > 0 ? Kind.TIMEOUTS : Kind.ERRORS;
        }
        return Kind.QUEUEING;
    }

    /** What happened at the level, in a few words with figures. */
    static String detail(Kind kind, LevelPoint before, LevelPoint at) {
        switch (kind) {
            case ERRORS -> {
                String causes = Causes.describe(at.koByCause());
                return Numbers.pct(at.errorPct()) + " failed" + (causes.isEmpty() ? "" : " (" + causes + ")");
            }
            case TIMEOUTS -> {
                return Numbers.pct(at.errorPct()) + " failed, mostly timeouts (" + Causes.describe(at.koByCause())
                        + "); p99 " + Numbers.ms(at.p99Ms());
            }
            case QUEUEING -> {
                if (before != null && before.p99Ms() != null && before.throughputRps() != null
                        && at.throughputRps() != null && at.throughputRps() < before.throughputRps() * Plateau.FLAT) {
                    return "p99 " + Numbers.ms(before.p99Ms()) + " \u2192 " + Numbers.ms(at.p99Ms())
                            + " while throughput stays at " + Numbers.rps(at.throughputRps()) + gcPauses(at);
                }
                return "p99 reaches " + Numbers.ms(at.p99Ms())
                        + (at.ko() > 0 ? ", " + Numbers.pct(at.errorPct()) + " failed" : "") + gcPauses(at);
            }
            default -> {
                return "";
            }
        }
    }

    /** GC time in a window from which the tail is made: said when the collections took this long in all. */
    static final double GC_WORTH_SAYING_MS = 250;

    /** "; GC: 2 collections, 592 ms in the window" when the collections took long enough to shape p99, else "". */
    static String gcPauses(LevelPoint at) {
        if (at.gcTimeMs() == null || at.gcTimeMs() < GC_WORTH_SAYING_MS) {
            return "";
        }
        return "; GC: " + Numbers.count(at.gcCount() == null ? 0 : at.gcCount()) + " collections, "
                + Numbers.ms(at.gcTimeMs()) + " in the window";
    }
}
