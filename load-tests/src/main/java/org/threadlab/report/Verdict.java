package org.threadlab.report;

import java.util.List;
import java.util.Map;

/**
 * One plain verdict per server, generated from its figures: where it breaks and what limited it
 * there, then how it scaled, then the worst of the other scenarios.
 */
final class Verdict {
    private Verdict() {
    }

    /**
     * @param headline the points of the headline scenario (capacity when measured), in load order
     * @param others the breakdowns of the other scenarios, in scenario order
     * @param workers the blocking server's worker setting, or null
     */
    static String sentence(String server, List<LevelPoint> headline, SloOptions slo,
                           Map<String, Breakdown> others, String workers) {
        StringBuilder s = new StringBuilder();
        BreakPoint broke = headline.isEmpty() ? null : BreakPoint.find(headline, slo);
        if (broke != null && broke.limitedBy() != null) { // runs from before limitedBy keep their verdict
            s.append(broke.sentence(server, workers)).append(". It");
        } else {
            s.append(server);
        }
        if (headline.isEmpty()) {
            s.append(" was not measured");
        } else {
            s.append(main(server, headline, slo, workers));
        }
        Breakdown other = worst(others);
        if (other != null) {
            String scenario = others.entrySet().stream().filter(e -> e.getValue() == other).findFirst()
                    .map(Map.Entry::getKey).orElse("");
            s.append("; in ").append(scenario).append(", ").append(other.kind().word()).append(" at ")
                    .append(other.at().label()).append(": ").append(Breakdown.detail(other.kind(), other.lastGood(),
                            other.at()));
        }
        return s.append('.').toString();
    }

    private static String main(String server, List<LevelPoint> points, SloOptions slo, String workers) {
        Plateau plateau = Plateau.find(points);
        if (plateau != null) {
            LevelPoint last = plateau.last();
            Double bound = Bounds.tightest(last);
            double flat = plateau.throughputRps();
            String at = " stops scaling at " + plateau.at().label() + ": throughput stays at " + Numbers.rps(flat);
            if (bound != null) {
                at += " = " + Numbers.pct(100 * flat / bound) + " of its "
                        + Bounds.tightestName(last, Bounds.workers(last, workers));
            }
            return at + " while p99 grows from " + Numbers.ms(plateau.at().p99Ms()) + " to "
                    + Numbers.ms(last.p99Ms()) + " at " + last.label();
        }
        SloKnee knee = SloKnee.find(points, slo);
        Breakdown b = Breakdown.find(points, slo);
        boolean limitedAbove = !points.isEmpty() && points.get(points.size() - 1).generatorLimited();
        return switch (b.kind()) {
            case UNKNOWN -> " cannot be judged: every level was generator-limited";
            case HELD -> {
                LevelPoint top = b.lastGood();
                String s = " meets the SLO at every level up to " + top.label() + " (" + Numbers.rps(top.throughputRps())
                        + ", p99 " + Numbers.ms(top.p99Ms());
                Double f = Bounds.fraction(top);
                if (f != null && top.closed()) {
                    s += ", " + Numbers.pct(100 * f) + " of the " + Bounds.tightestName(top, Bounds.workers(top, workers));
                }
                s += ")";
                if (limitedAbove) {
                    s += "; above that the load generator, not the server, was the limit";
                }
                yield s;
            }
            default -> {
                String how = b.kind().word() + " at " + b.at().label() + ": "
                        + Breakdown.detail(b.kind(), b.lastGood(), b.at());
                yield knee.point() == null
                        ? " misses the SLO from its lowest counted level: " + how
                        : " meets the SLO up to " + knee.point().label() + " (" + Numbers.rps(knee.point().throughputRps())
                        + "), then breaks by " + how;
            }
        };
    }

    /** The other scenario to mention: errors or timeouts first, then queueing; null when all held. */
    private static Breakdown worst(Map<String, Breakdown> others) {
        Breakdown queueing = null;
        for (Breakdown b : others.values()) {
            if (b.kind() == Breakdown.Kind.ERRORS || b.kind() == Breakdown.Kind.TIMEOUTS) {
                return b;
            }
            if (b.kind() == Breakdown.Kind.QUEUEING && queueing == null) {
                queueing = b;
            }
        }
        return queueing;
    }
}
